import { PublicKey } from '@solana/web3.js';
import { isBase58Address } from '@quietpay/x402';
import { txBuilderError } from '../tx-builder.errors';

/** A base58 address by the shared wire rule (libs/x402 `isBase58Address`), as a PublicKey. */
export function parseAddress(value: string, field: string): PublicKey {
  if (!isBase58Address(value)) throw txBuilderError('invalid_request', `${field} is not a public key`, { context: { field } });
  return new PublicKey(value);
}
