/**
 * What a px402 402 answer asks the client to do, whichever server wrote it:
 *
 * | body (px402 or quietpay)                                          | kind               |
 * |---|---|
 * | `reason: "expired"` (with or without `error: "payment_required"`) | `expired`          |
 * | `error: "payment_required"` / `reason: "initial"` or `"payment_required"` | `payment_required` |
 * | `error` or `reason` `"payment_pending"` (px402 sends no quote headers) | `payment_pending`  |
 * | `error` or `reason` `"amount_mismatch"`                             | `amount_mismatch`  |
 * | anything else, or no JSON                                         | `unknown`          |
 *
 * px402 puts the code in `error` and uses `reason` only to qualify `payment_required`
 * (`initial`, `expired`); quietpay servers before 0.2 put the code in `reason` alone.
 */
export type Px402AnswerKind = 'payment_required' | 'expired' | 'payment_pending' | 'amount_mismatch' | 'unknown';

function stringField(body: unknown, key: string): string | undefined {
  if (typeof body !== 'object' || body === null || !(key in body)) return undefined;
  const value = (body as Record<string, unknown>)[key];
  return typeof value === 'string' ? value : undefined;
}

/** The answer's code: px402's `error` field, else quietpay's `reason`. */
export function answerCode(body: unknown): string | undefined {
  return stringField(body, 'error') ?? stringField(body, 'reason');
}

/**
 * Classifies the JSON body of a 402 answer (see the table above).
 *
 * @example
 * classify402({ error: 'payment_required', reason: 'initial' }); // 'payment_required'
 */
export function classify402(body: unknown): Px402AnswerKind {
  const error = stringField(body, 'error');
  const reason = stringField(body, 'reason');
  if (reason === 'expired') return 'expired';
  const code = error ?? reason;
  switch (code) {
    case 'payment_required':
    case 'initial':
      return 'payment_required';
    case 'payment_pending':
      return 'payment_pending';
    case 'amount_mismatch':
      return 'amount_mismatch';
    case undefined:
    default:
      return 'unknown';
  }
}

/** Reads a JSON body without throwing: undefined when absent or not JSON. */
export async function readJsonBody(res: Response): Promise<unknown> {
  return res.json().catch(() => undefined);
}
