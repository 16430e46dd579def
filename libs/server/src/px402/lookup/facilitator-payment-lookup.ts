import { z } from 'zod';
import { InvalidOptionError, isPaymentId, isPositiveU64Decimal } from '@quietpay/x402';
import { PaymentLookup, PaymentLookupError, PaymentLookupQuery, PaymentLookupResult } from '../ports/payment-lookup.port';

const answerSchema = z.discriminatedUnion('status', [
  z.object({ status: z.literal('pending'), paymentId: z.string() }),
  z.object({
    status: z.literal('found'),
    paymentId: z.string(),
    amount: z.string().refine(isPositiveU64Decimal),
    recipient: z.string().min(1),
    mint: z.string().min(1),
    signature: z.string().min(1),
    slot: z.number().int().nonnegative(),
  }),
]);

export interface FacilitatorPaymentLookupOptions {
  /** Per-request deadline; default 5 s. */
  readonly timeoutMs?: number;
  /** Extra request headers, e.g. the API key the gateway issued to this resource server. */
  readonly headers?: Readonly<Record<string, string>>;
  /** When set, a settlement in another mint does not count as payment (answered as pending). */
  readonly mint?: string;
  /** Injectable for runtimes without a global fetch. */
  readonly fetch?: typeof fetch;
}

/**
 * {@link PaymentLookup} over the facilitator gateway's HTTP API, which serves the chain-poller's
 * index of private settlements (`client_ref_id` = payment id).
 *
 * Calls `GET <baseUrl>/private/payments/<paymentId>?recipient=<wallet>` and expects, with status
 * 200 (or 404 for an id not seen yet), a JSON body:
 * - `{ "status": "pending", "paymentId": "<id>" }` when no settlement with this id reached
 *   `recipient`, or
 * - `{ "status": "found", "paymentId": "<id>", "amount": "<micro-USDC decimal>",
 *   "recipient": "<wallet>", "mint": "<mint>", "signature": "<settlement tx>", "slot": <number> }`.
 *
 * The gateway should match on (paymentId, recipient): ids are chosen by resource servers, so an
 * id alone does not tell whose payment it is. Anything else (network error, timeout, other status,
 * a body of another shape, another payment id) throws {@link PaymentLookupError}.
 *
 * @example
 * const lookup = facilitatorPaymentLookup('https://facilitator.example', {
 *   headers: { authorization: `Bearer ${apiKey}` },
 *   mint: USDC_MINT,
 * });
 */
export function facilitatorPaymentLookup(baseUrl: string, options: FacilitatorPaymentLookupOptions = {}): PaymentLookup {
  const base = baseUrl.replace(/\/+$/, '');
  const doFetch = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? 5000;

  return {
    // chain-poller sums every settlement of a (payment id, recipient) pair.
    sumsParts: true,
    async find(query: PaymentLookupQuery): Promise<PaymentLookupResult> {
      if (!isPaymentId(query.paymentId)) throw new InvalidOptionError('facilitatorPaymentLookup.find', 'paymentId', 'must be a payment id', query.paymentId);
      const url = `${base}/private/payments/${query.paymentId}?recipient=${encodeURIComponent(query.destination)}`;
      let status: number;
      let body: unknown;
      try {
        const response = await doFetch(url, {
          headers: { accept: 'application/json', ...options.headers },
          signal: AbortSignal.timeout(timeoutMs),
        });
        status = response.status;
        body = status === 200 || status === 404 ? await response.json() : undefined;
      } catch (error) {
        throw new PaymentLookupError(`facilitator lookup failed: ${String(error)}`, { cause: error });
      }
      const parsed = answerSchema.safeParse(body);
      if (!parsed.success || parsed.data.paymentId !== query.paymentId) {
        throw new PaymentLookupError(`facilitator answered ${status} with an unexpected body`);
      }
      const answer = parsed.data;
      if (answer.status === 'pending') return { status: 'pending' };
      if (options.mint !== undefined && answer.mint !== options.mint) return { status: 'pending' };
      return { status: 'found', amount: answer.amount, destination: answer.recipient, signature: answer.signature };
    },
  };
}
