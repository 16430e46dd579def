import { PublicKey } from '@solana/web3.js';

/** An owner's private (ephemeral) balance of a mint, kept in the ephemeral ATA PDA. */
export interface EphemeralBalance {
  owner: PublicKey;
  mint: PublicKey;
  amount: bigint;
}

const MAGIC = Buffer.from('MBEPHAT1');
export const EPHEMERAL_BALANCE_BYTES = 8 + 32 + 32 + 8;

export function encodeEphemeralBalance(b: EphemeralBalance): Uint8Array {
  const buf = Buffer.alloc(EPHEMERAL_BALANCE_BYTES);
  MAGIC.copy(buf, 0);
  b.owner.toBuffer().copy(buf, 8);
  b.mint.toBuffer().copy(buf, 40);
  buf.writeBigUInt64LE(b.amount, 72);
  return buf;
}

export function decodeEphemeralBalance(data: Uint8Array): EphemeralBalance | null {
  const buf = Buffer.from(data);
  if (buf.length !== EPHEMERAL_BALANCE_BYTES || !buf.subarray(0, 8).equals(MAGIC)) return null;
  return {
    owner: new PublicKey(buf.subarray(8, 40)),
    mint: new PublicKey(buf.subarray(40, 72)),
    amount: buf.readBigUInt64LE(72),
  };
}
