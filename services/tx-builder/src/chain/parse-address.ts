import { PublicKey } from '@solana/web3.js';
import { txBuilderError } from '../tx-builder.errors';

export function parseAddress(value: string, field: string): PublicKey {
  try {
    return new PublicKey(value);
  } catch (cause) {
    throw txBuilderError('invalid_request', `${field} is not a public key`, { context: { field }, cause });
  }
}
