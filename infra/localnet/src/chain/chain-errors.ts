import type { JsonTransactionError } from '../svm/tx-error.mapper';

/** The transaction never landed (bad blockhash, duplicate, signature, fee payer): nothing was committed. */
export class TxRejectedError extends Error {
  override readonly name = 'TxRejectedError';
  constructor(
    readonly err: JsonTransactionError,
    message: string,
  ) {
    super(message);
  }
}

/** Preflight simulation failed; the transaction was not submitted. */
export class PreflightFailedError extends Error {
  override readonly name = 'PreflightFailedError';
  constructor(
    readonly err: JsonTransactionError,
    readonly logs: string[],
    readonly unitsConsumed: number,
    message: string,
  ) {
    super(message);
  }
}
