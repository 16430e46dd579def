// The private (px402) scheme, client side: pay hidden-recipient quotes through MagicBlock's
// private transfer queue and manage the wallet's private balance.
export { createPrivateClient, DEFAULT_PRIVATE_DELAYS } from './private-client.factory';
export { decomposeIntoDenominations, DEFAULT_MAX_PARTS, STANDARD_DENOMINATIONS } from './denominations';
export type { PrivateClient, PrivateClientOptions, PrivateFetchOptions, PrivateTransferResult, PrivateTransferSettings } from './private-client.factory';
export type { PrivateFetchResult, PrivatePaymentReceipt } from './private-fetch.usecase';
export { PrivatePaymentError, PrivatePaymentExpiredError } from './private-payment.error';
export type { PrivatePaymentErrorCode, PrivatePaymentErrorContext, PrivatePaymentPhase } from './private-payment.error';
export { keypairWalletSigner } from './private-wallet.signer';
export type { PrivateSignableTransaction, PrivateWalletSigner } from './private-wallet.signer';
export { parsePx402Quote, parseRetryAfterMs } from './px402-quote.parser';
export type { HeaderSource, Px402Quote, Px402QuoteParse } from './px402-quote.parser';
// Imported then exported (not `export … from`): the package build's declaration bundler inlines
// @quietpay/x402 and cannot follow a direct re-export of a bundled module.
import { PX402_HEADERS, PX402_NETWORK } from '@quietpay/x402';
export { PX402_HEADERS, PX402_NETWORK };
export { assertRetryPolicy, DEVNET_RETRY_POLICY, LOCALNET_RETRY_POLICY, nextRetryDelay } from './retry-schedule';
export type { PrivateRetryPolicy } from './retry-schedule';
export { connectionChain, rpcChain } from './solana-chain.port';
export type { ChainConfirmation, ConnectionChainOptions, PrivateChainPort } from './solana-chain.port';
export type { SentPayment } from './payment-transaction.executor';
export { PaymentsApiError } from './payments-api.client';
