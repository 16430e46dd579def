import type { ErrorCodeTable } from './retry-class';

/**
 * Every code crank-keeper raises, with its retry class. None leaves the process (no command of
 * crank-keeper's fails with one: they end in its status's `lastError` and its logs), so the
 * gateway has no row for them.
 *
 * @example
 * CRANK_KEEPER_ERROR_CODES.payments_api_unavailable; // 'retryable'
 */
export const CRANK_KEEPER_ERROR_CODES = {
  // The payments API could not be reached, or answered 5xx: the next tick may succeed.
  payments_api_unavailable: 'retryable',
  // The payments API refused the call (4xx): the same call will be refused again.
  payments_api_error: 'terminal',
} as const satisfies ErrorCodeTable;

/** A code crank-keeper raises. */
export type CrankKeeperErrorCode = keyof typeof CRANK_KEEPER_ERROR_CODES;
