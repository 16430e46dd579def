import type { ErrorCodeTable } from './retry-class';

/**
 * Every code chain-poller raises, with its retry class. A lookup refuses an id or recipient the
 * shared wire rules (libs/x402 `isPaymentId`, `isBase58Address`) refuse, so it agrees with every
 * other surface; `rpc_error` is the poll loop's own (a page or transaction the RPC did not serve).
 *
 * @example
 * CHAIN_POLLER_ERROR_CODES.invalid_payment_id; // 'client_error'
 */
export const CHAIN_POLLER_ERROR_CODES = {
  invalid_payment_id: 'client_error',
  invalid_recipient: 'client_error',
  rpc_error: 'retryable',
} as const satisfies ErrorCodeTable;

/** A code chain-poller raises. */
export type ChainPollerErrorCode = keyof typeof CHAIN_POLLER_ERROR_CODES;
