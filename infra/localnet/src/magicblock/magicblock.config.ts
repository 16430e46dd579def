import { PublicKey } from '@solana/web3.js';

/**
 * The one place for MagicBlock facts and stand-in defaults (PROTOCOLS.md §3). Everything here can
 * be overridden through the module options so devnet-like runs (slow crank, other ids) need no code.
 */
export const MAGICBLOCK_DEFAULTS = {
  privatePaymentsProgramId: 'SPLxh1LVZzEkX99H6rqYizhytLWPZVV296zyYDPagv2',
  delegationProgramId: 'DELeGGvXpWV2fqJUhqcF5ZSYMS4JTLjteaAMARRSaeSh',
  validator: 'MAS1Dt9qreoRMQ14YQuhg8UTZMMzDdKhmkZMECCzk57',
  paymentsPort: 0,
  host: '127.0.0.1',
  crankIntervalMs: 500,
  crankIdleStopMs: 60_000,
  /** The real fee is 0.1 % of the amount; expressed in basis points. */
  feeBps: 10,
  /** Where the token fee comes from; see {@link FeeMode}. */
  feeMode: 'added' as FeeMode,
  /** Lamports charged per settlement part: they pay the crank's fees and ATA rent from the rent PDA. */
  setupLamportsPerPart: 10_000,
  maxBodyBytes: 16 * 1024,
  /** Upper bound on a requested delay: the queue is not a long-term store. */
  maxDelayMs: 24 * 60 * 60 * 1000,
  authTokenTtlMs: 60 * 60 * 1000,
  challengeTtlMs: 5 * 60 * 1000,
} as const;

/**
 * Where the payments API's token fee comes from.
 * - `deducted`: the sender moves `amount`, the recipient receives `amount − fee` (what px402's devnet
 *   fixtures show: 9990 received for a 10000 transfer; PROTOCOLS.md §3).
 * - `added`: the sender moves `amount + fee`, the recipient receives `amount` (localnet's original
 *   model, kept as the default while every quietpay test and verifier is checked against
 *   `deducted`).
 */
export type FeeMode = 'added' | 'deducted';

/** Discriminators of the emulated SPLxh1 instructions. 202 is the settlement one in current code. */
export const SPL_IX = {
  enqueuePrivateTransfer: 201,
  executeReadyQueuedTransfer: 202,
  deposit: 203,
  withdraw: 204,
} as const;

/** Discriminator of the delegation program's "run a scheduled base-chain action" instruction. */
export const DELEGATION_IX_EXECUTE_SCHEDULED = 7;

/** Custom error codes of the emulated programs (surfaced as InstructionError Custom(code)). */
export const MB_ERR = {
  invalidInstruction: 0x1770,
  invalidAccounts: 0x1771,
  missingFunding: 0x1772,
  unknownEntry: 0x1773,
  entryNotReady: 0x1774,
  insufficientFunds: 0x1775,
  unauthorized: 0x1776,
  invalidSealedEntry: 0x1777,
  mintMismatch: 0x1778,
} as const;

export interface ResolvedMagicBlockConfig {
  privatePaymentsProgramId: PublicKey;
  delegationProgramId: PublicKey;
  validator: PublicKey;
  paymentsPort: number;
  host: string;
  crankIntervalMs: number;
  crankIdleStopMs: number;
  feeBps: number;
  feeMode: FeeMode;
  setupLamportsPerPart: number;
  maxBodyBytes: number;
  maxDelayMs: number;
  authTokenTtlMs: number;
  challengeTtlMs: number;
}
