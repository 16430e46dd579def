import { QuietpayError } from '@quietpay/platform';
import { PublicKey } from '@solana/web3.js';

export function parseAddress(value: string, field: string): PublicKey {
  try {
    return new PublicKey(value);
  } catch (cause) {
    throw new QuietpayError('invalid_request', `${field} is not a public key`, { context: { field }, cause });
  }
}
