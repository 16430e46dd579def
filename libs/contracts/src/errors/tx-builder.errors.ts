import type { ErrorCodeTable } from './retry-class';

/**
 * Every code tx-builder raises, with its retry class. `approve_tx_rejected` carries the approve
 * check that failed in its context (`reason`: `allowance_mismatch`, `blockhash_expired`, …).
 *
 * @example
 * TX_BUILDER_ERROR_CODES.transfer_terms_invalid; // 'client_error'
 */
export const TX_BUILDER_ERROR_CODES = {
  invalid_request: 'client_error',
  transfer_terms_invalid: 'client_error',
  approve_tx_rejected: 'client_error',
  transfer_simulation_failed: 'terminal',
} as const satisfies ErrorCodeTable;

/** A code tx-builder raises. */
export type TxBuilderErrorCode = keyof typeof TX_BUILDER_ERROR_CODES;
