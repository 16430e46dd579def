import { randomBytes } from 'node:crypto';
import { MAX_PAYMENT_ID } from '@quietpay/x402';

/**
 * A fresh random payment id: decimal u63, never 0 (MagicBlock logs no `client_ref_id` for 0).
 * 63 random bits make a collision between two open quotes negligible.
 */
export function randomPaymentId(): string {
  for (;;) {
    const id = randomBytes(8).readBigUInt64BE() & MAX_PAYMENT_ID;
    if (id !== 0n) return id.toString(10);
  }
}
