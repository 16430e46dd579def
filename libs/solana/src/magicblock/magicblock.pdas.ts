import { PublicKey } from '@solana/web3.js';
import type { SolanaProgramIds } from '../config/program-ids.config';

type SplIds = Pick<SolanaProgramIds, 'ephemeralSpl'>;
const QUEUE_SEED = new TextEncoder().encode('queue');

/**
 * The private transfer queue for a mint on a validator: ["queue", mint, validator] under SPLxh1.
 * Prefer the `transferQueue` the payments API returns; this is for cross-checking it.
 *
 * @example
 * const queue = transferQueueAddress(ids, usdcMint, ids.teeValidator);
 */
export function transferQueueAddress(ids: SplIds, mint: PublicKey, validator: PublicKey): PublicKey {
  return PublicKey.findProgramAddressSync([QUEUE_SEED, mint.toBuffer(), validator.toBuffer()], ids.ephemeralSpl)[0];
}

/**
 * The global vault PDA of a mint: [mint] under SPLxh1.
 *
 * @example
 * const vault = vaultAddress(ids, usdcMint);
 */
export function vaultAddress(ids: SplIds, mint: PublicKey): PublicKey {
  return PublicKey.findProgramAddressSync([mint.toBuffer()], ids.ephemeralSpl)[0];
}

/**
 * A wallet's ephemeral ATA: [owner, mint] under SPLxh1.
 *
 * @example
 * const eata = ephemeralAtaAddress(ids, agent, usdcMint);
 */
export function ephemeralAtaAddress(ids: SplIds, owner: PublicKey, mint: PublicKey): PublicKey {
  return PublicKey.findProgramAddressSync([owner.toBuffer(), mint.toBuffer()], ids.ephemeralSpl)[0];
}
