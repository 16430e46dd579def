import { z } from 'zod';
import { crankKeeperError } from '../crank-keeper.errors';

const mintInitializedSchema = z.object({ transferQueue: z.string().min(32), initialized: z.boolean() });

/** The two payments-API calls that keep a transfer-queue crank alive (PROTOCOLS §3). */
export class PaymentsApiClient {
  private readonly base: string;

  constructor(
    baseUrl: string,
    private readonly cluster: string,
  ) {
    this.base = `${baseUrl.replace(/\/$/, '')}/v1/spl`;
  }

  /** Also re-registers the crank: this is the periodic kick. */
  async isMintInitialized(mint: string, validator: string): Promise<z.output<typeof mintInitializedSchema>> {
    const query = new URLSearchParams({ mint, cluster: this.cluster, validator });
    return mintInitializedSchema.parse(await this.call(`is-mint-initialized?${query.toString()}`, { method: 'GET' }));
  }

  async ensureCrank(mint: string, validator: string): Promise<void> {
    await this.call('transfer-queue/ensure-crank', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ mint, validator, cluster: this.cluster }),
    });
  }

  private async call(path: string, init: RequestInit): Promise<unknown> {
    let res: Response;
    try {
      res = await fetch(`${this.base}/${path}`, init);
    } catch (cause) {
      throw crankKeeperError('payments_api_unavailable', 'payments API unreachable', { context: { path }, cause });
    }
    if (!res.ok) {
      // A 5xx may pass by the next tick; a 4xx is the API refusing this call.
      throw crankKeeperError(res.status >= 500 ? 'payments_api_unavailable' : 'payments_api_error', `payments API answered HTTP ${res.status}`, {
        context: { path, status: String(res.status) },
      });
    }
    return res.json();
  }
}
