/**
 * IncoToken custom error codes (Anchor: 6000 + index) plus Anchor's 3012. Codes PROTOCOLS.md names
 * are authoritative; the others follow the SPL Token error order the program mirrors and are marked
 * as inferred, so a caller never branches on an inferred name without checking it on chain first.
 */
export const INCO_TOKEN_ERRORS = {
  6000: 'NotRentExempt',
  6001: 'InsufficientFunds',
  6002: 'InvalidMint',
  6003: 'MintMismatch',
  6004: 'OwnerMismatch',
  6005: 'FixedSupply',
  6006: 'AlreadyInUse',
  6007: 'InvalidNumberOfProvidedSigners',
  6008: 'InvalidNumberOfRequiredSigners',
  6009: 'UninitializedState',
  6010: 'NativeNotSupported',
  6011: 'NonNativeHasBalance',
  6012: 'InvalidInstruction',
  6013: 'InvalidState',
  6014: 'Overflow',
  6015: 'AuthorityTypeNotSupported',
  6016: 'MintCannotFreeze',
  6017: 'AccountFrozen',
  6018: 'MintDecimalsMismatch',
  6019: 'NonNativeNotSupported',
  3012: 'AccountNotInitialized',
} as const;

export type IncoTokenErrorCode = keyof typeof INCO_TOKEN_ERRORS;
export type IncoTokenErrorName = (typeof INCO_TOKEN_ERRORS)[IncoTokenErrorCode];

/** Codes whose names PROTOCOLS.md states; the rest are inferred. */
export const DOCUMENTED_INCO_TOKEN_ERROR_CODES: ReadonlySet<number> = new Set([6001, 6002, 6003, 6004, 6012, 6017, 6018, 3012]);

/** A program error located in a failed transaction. */
export interface IncoTokenError {
  readonly instructionIndex: number;
  readonly code: number;
  /** Undefined for a custom code outside the table (another program's error). */
  readonly name: IncoTokenErrorName | undefined;
}

/**
 * Finds the custom program error in a transaction error as web3.js and the JSON-RPC return it:
 * `{ InstructionError: [index, { Custom: code }] }`. Returns undefined for any other error shape.
 *
 * @example
 * const err = decodeIncoTokenError(result.value.err);
 * if (err?.name === 'AccountNotInitialized') addCreateIdempotentFirst();
 */
export function decodeIncoTokenError(transactionError: unknown): IncoTokenError | undefined {
  if (typeof transactionError !== 'object' || transactionError === null) return undefined;
  const pair = (transactionError as { InstructionError?: unknown }).InstructionError;
  if (!Array.isArray(pair) || pair.length !== 2) return undefined;
  const [instructionIndex, inner] = pair as [unknown, unknown];
  if (typeof instructionIndex !== 'number' || typeof inner !== 'object' || inner === null) return undefined;
  const code = (inner as { Custom?: unknown }).Custom;
  if (typeof code !== 'number') return undefined;
  const name = Object.prototype.hasOwnProperty.call(INCO_TOKEN_ERRORS, code) ? INCO_TOKEN_ERRORS[code as IncoTokenErrorCode] : undefined;
  return { instructionIndex, code, name };
}
