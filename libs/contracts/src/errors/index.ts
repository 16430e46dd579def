export type { ErrorCodeTable, RetryClass } from './retry-class';
export { CHAIN_POLLER_ERROR_CODES, type ChainPollerErrorCode } from './chain-poller.errors';
export { CRANK_KEEPER_ERROR_CODES, type CrankKeeperErrorCode } from './crank-keeper.errors';
export { DECRYPT_PROXY_ERROR_CODES, type DecryptProxyErrorCode } from './decrypt-proxy.errors';
export { LEDGER_ERROR_CODES, type LedgerErrorCode } from './session-ledger.errors';
export { SIGNER_REFUSAL_CODES, type SignerRefusalCode } from './signer.errors';
export { SUBMITTER_ERROR_CODES, type SubmitterErrorCode } from './submitter.errors';
export { TX_BUILDER_ERROR_CODES, type TxBuilderErrorCode } from './tx-builder.errors';
