import { AccountLayoutError } from '../codec/account-layout.error';
import { decodeIncoTokenAccountWith } from './idl/inco.coder';
import { INCO_ACCOUNT_SIZE } from './inco-account.size';

/** The two Inco handles of an IncoToken account: the balance and the delegate's allowance. */
export interface IncoAccountHandles {
  readonly amountHandle: bigint;
  readonly delegatedAmountHandle: bigint;
}

/**
 * Reads an IncoAccount's handles without web3.js (the browser SDK's path; services use
 * `decodeIncoAccount`, same IDL decode). Throws AccountLayoutError on a wrong size or type.
 *
 * @example
 * const { delegatedAmountHandle } = readIncoAccountHandles(simulatedSourceAccountBytes);
 */
export function readIncoAccountHandles(data: Uint8Array): IncoAccountHandles {
  if (data.length !== INCO_ACCOUNT_SIZE) throw new AccountLayoutError(`IncoAccount is ${INCO_ACCOUNT_SIZE} bytes, got ${data.length}`);
  let f: Record<string, unknown>;
  try {
    f = decodeIncoTokenAccountWith('IncoAccount', data, (bytes) => bytes);
  } catch (error) {
    throw new AccountLayoutError(`IncoAccount does not decode: ${error instanceof Error ? error.message : String(error)}`);
  }
  return { amountHandle: f['amount'] as bigint, delegatedAmountHandle: f['delegated_amount'] as bigint };
}
