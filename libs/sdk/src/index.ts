// The public surface of @quietpay/sdk: open and use session-scheme sessions, restore them after a
// reload, and decrypt confidential balances. Runs in Node and browsers (no static node: imports).
export { QuietpaySdkError } from './errors/sdk.error';
export type { SdkErrorCode } from './errors/sdk.error';
export type { SignableTransaction, WalletPublicKey, WalletSigner } from './wallet/wallet-signer.types';
export { keypairWallet } from './wallet/keypair-wallet';
export type { KeypairLike } from './wallet/keypair-wallet';
// Solana without web3.js (browser bundles): addresses, the transactions the SDK asks wallets to
// sign, and the RPC client. A web3.js Connection or PublicKey is still accepted where these are.
// Imported then exported: the declaration bundler inlines @quietpay/solana (see PX402_HEADERS below).
import { Address } from '@quietpay/solana';
export { Address };
export { SolanaTransaction } from './solana/solana-transaction';
export { SolanaRpcError } from './solana/solana-rpc.client';
export type { RpcEndpoint } from './solana/solana-rpc.client';
export { FacilitatorClient } from './facilitator/facilitator.client';
export type { FetchLike, OpenSessionRequest } from './facilitator/facilitator.client';
export { SessionKindExtraSchema, SessionRecordSchema } from './facilitator/session-kind.schema';
export type { SessionKind, SessionKindExtra, SessionRecord } from './facilitator/session-kind.schema';
export { readPaymentReceipt, readPaymentRequired } from './http/payment-required.parser';
export { buildApproveTransaction } from './session/approve-transaction.builder';
export { recipientAccountInstructions } from './session/recipient-account.instructions';
export type { RecipientAccountInput } from './session/recipient-account.instructions';
export type { ApproveTransactionInput, BuiltApproveTransaction } from './session/approve-transaction.builder';
export { buildSessionPaymentPayload, randomNonce, selectSessionRequirements, sessionPublicKeyOf } from './session/session-payment.builder';
export type { PayableSession } from './session/session-payment.builder';
export { createSession } from './session/create-session.usecase';
export type { CreateSessionOptions } from './session/create-session.usecase';
export { getSession, wrapFetch } from './session/wrap-fetch.usecase';
export type { WrapFetchOptions } from './session/wrap-fetch.usecase';
export type { SessionHandle } from './session/session-handle';
export { formatUnits, toBaseUnits } from './session/token-units.util';
export { StoredSessionSchema } from './storage/session-storage.port';
export type { SessionStorage, StoredSession } from './storage/session-storage.port';
export { memorySessionStorage } from './storage/memory-session.storage';
export { localSessionStorage } from './storage/local-session.storage';
export type { WebStorageLike } from './storage/local-session.storage';
export { fileSessionStorage } from './storage/file-session.storage';
export { decryptBalance } from './balance/decrypt-balance.usecase';
export type { DecryptBalanceOptions } from './balance/decrypt-balance.usecase';
export * from './private';
// One error model across the SDK and the server package: every thrown error is a QuietpayError.
export { InvalidOptionError, QuietpayError } from '@quietpay/x402';
export type { QuietpayErrorDetails } from '@quietpay/x402';
// x402 client integration: quietpay's schemes registered in @x402/core's x402Client (@x402/fetch).
export { SessionSchemeClient } from './x402/session-scheme.client';
export { PrivateSchemeClient } from './x402/private-scheme.client';
export type { PrivateSchemeClientOptions } from './x402/private-scheme.client';
