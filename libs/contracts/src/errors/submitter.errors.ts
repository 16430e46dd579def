import type { ErrorCodeTable } from './retry-class';

/**
 * Every code the submitter raises or records as a settlement's failure reason (besides the codes
 * of the services it calls, which it passes on unchanged), with its retry class. A settlement job
 * retries `retryable` failures until its deadline and releases the charge on the others.
 *
 * @example
 * SUBMITTER_ERROR_CODES.blockhash_expired; // 'retryable': rebuild and re-sign
 */
export const SUBMITTER_ERROR_CODES = {
  invalid_payload: 'client_error',
  settlement_not_found: 'client_error',
  settlement_mismatch: 'client_error',
  charge_not_reserved: 'terminal',
  sign_refused: 'terminal',
  transaction_failed: 'terminal',
  insufficient_funds: 'terminal',
  // A transaction whose blockhash expired cannot land; a rebuilt and re-signed one can.
  blockhash_expired: 'retryable',
  balance_handles_moved: 'retryable',
  settlement_pending: 'retryable',
  source_lock_lost: 'retryable',
  job_lock_lost: 'retryable',
  batch_not_found: 'retryable',
  batch_form_contended: 'retryable',
  rpc_unavailable: 'retryable',
  commit_pending: 'retryable',
  release_pending: 'retryable',
  // An RPC failure the classifier does not recognise: retried, since the transfer may still land.
  unexpected_error: 'retryable',
} as const satisfies ErrorCodeTable;

/** A code the submitter raises. */
export type SubmitterErrorCode = keyof typeof SUBMITTER_ERROR_CODES;
