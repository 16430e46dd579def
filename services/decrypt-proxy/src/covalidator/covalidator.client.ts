import { decryptError, notAllowed } from '../decrypt/decrypt.errors';

/** One signed decrypt request as the covalidator wants it. */
export interface CovalidatorDecryptRequest {
  readonly handle: string;
  readonly address: string;
  readonly signature: string;
}

/** The covalidator's exact plain-text refusal when no allowance PDA exists. */
const NOT_ALLOWED_TEXT = 'Address is not allowed to decrypt this handle';

/**
 * HTTP edge to the covalidator. Returns the raw JSON answer (verification is the caller's job:
 * nothing from here is trusted) and maps its plain-text failures to coded errors once.
 */
export class CovalidatorClient {
  constructor(
    private readonly baseUrl: string,
    private readonly timeoutMs: number,
  ) {}

  async decryptAttested(request: CovalidatorDecryptRequest): Promise<unknown> {
    const response = await this.fetch('/crypto/getDecryptAttested', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(request),
    });
    if (response.ok) {
      try {
        return (await response.json()) as unknown;
      } catch (cause) {
        // A non-JSON success body is as untrustworthy as a bad signature.
        throw decryptError('attestation_invalid', 'covalidator answered non-JSON', {
          context: { handle: request.handle, reason: 'malformed_response' },
          cause,
        });
      }
    }
    const text = (await response.text().catch(() => '')).trim();
    if (text.includes(NOT_ALLOWED_TEXT)) throw notAllowed(request.handle, request.address);
    if (response.status === 429 || response.status >= 500) {
      throw decryptError('dependency_unavailable', `covalidator answered ${response.status}`, {
        context: { status: String(response.status) },
      });
    }
    throw decryptError('covalidator_rejected', `covalidator rejected the request: ${text.slice(0, 200)}`, {
      context: { status: String(response.status), handle: request.handle },
    });
  }

  /** `GET /keys`: the attestation key as base58, for pinning at boot. */
  async attestationPublicKey(): Promise<string> {
    const response = await this.fetch('/keys', { method: 'GET' });
    if (!response.ok) {
      throw decryptError('dependency_unavailable', `covalidator /keys answered ${response.status}`);
    }
    const body = (await response.json()) as unknown;
    const key = typeof body === 'object' && body !== null && 'attestationPublicKey' in body ? body.attestationPublicKey : undefined;
    if (typeof key !== 'string') {
      throw decryptError('dependency_unavailable', 'covalidator /keys has no attestationPublicKey');
    }
    return key;
  }

  private async fetch(path: string, init: RequestInit): Promise<Response> {
    try {
      return await fetch(new URL(path, this.baseUrl), { ...init, signal: AbortSignal.timeout(this.timeoutMs) });
    } catch (cause) {
      throw decryptError('dependency_unavailable', `covalidator unreachable (${path})`, {
        context: { path },
        cause,
      });
    }
  }
}
