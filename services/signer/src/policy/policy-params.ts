import type { PublicKey } from '@solana/web3.js';

/** The chain facts every signing policy checks transaction bytes against. */
export interface PolicyParams {
  readonly facilitator: PublicKey;
  readonly mint: PublicKey;
  readonly decimals: number;
  readonly incoToken: PublicKey;
  readonly incoLightning: PublicKey;
  readonly maxComputeUnitPriceMicroLamports: bigint;
  /** The largest facilitator→user SOL top-up a legacy (seed-shaped) approve may carry; unset: none. */
  readonly maxLegacyTopUpLamports?: bigint;
}
