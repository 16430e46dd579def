export type { ErrorCodeTable, RetryClass } from './retry-class';
export { LEDGER_ERROR_CODES, type LedgerErrorCode } from './session-ledger.errors';
export { SIGNER_REFUSAL_CODES, type SignerRefusalCode } from './signer.errors';
export { SUBMITTER_ERROR_CODES, type SubmitterErrorCode } from './submitter.errors';
export { TX_BUILDER_ERROR_CODES, type TxBuilderErrorCode } from './tx-builder.errors';
