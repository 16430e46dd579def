import { createHash } from 'node:crypto';

/** Everything a per-call payment commits to; a legacy payload has no signature (and maybe no nonce). */
export interface FingerprintFields {
  readonly sessionId: string;
  readonly nonce: string;
  readonly resource: string;
  readonly amount: string;
  readonly payTo: string;
  readonly asset: string;
  readonly network: string;
  readonly signature: string;
}

/**
 * The one definition of "the same payment": a SHA-256 over every field the payer signed or the
 * charge depends on, stored with the charge so an idempotency key names exactly one payload. A
 * JSON array keeps field boundaries unambiguous (no field can bleed into the next).
 *
 * @example
 * paymentFingerprint({ sessionId, nonce, resource, amount: '1000', payTo, asset, network, signature }); // 64 hex chars
 */
export function paymentFingerprint(f: FingerprintFields): string {
  const fields = [f.sessionId, f.nonce, f.resource, f.amount, f.payTo, f.asset, f.network, f.signature];
  return createHash('sha256').update(JSON.stringify(fields)).digest('hex');
}
