import { PublicKey } from '@solana/web3.js';
import { SEALED_ENTRY_BYTES } from './sealed-entry.codec';

/**
 * State of a transfer-queue account. The real queue lives in the TEE rollup; here it is a base-chain
 * account owned by SPLxh1 whose entries stay sealed (destination and clientRefId encrypted), so
 * reading the account does not link a deposit to its recipient any more than the real one does.
 */
export interface QueueEntry {
  id: bigint;
  readyAtMs: bigint;
  amount: bigint;
  /** Which part of a split transfer this is (the settlement's escrow_index). */
  partIndex: number;
  sealed: Uint8Array;
}

export interface QueueState {
  mint: PublicKey;
  validator: PublicKey;
  nextEntryId: bigint;
  entries: QueueEntry[];
}

const MAGIC = Buffer.from('MBQUEUE1');
const HEADER_BYTES = 8 + 32 + 32 + 8 + 4;
const ENTRY_BYTES = 8 + 8 + 8 + 1 + SEALED_ENTRY_BYTES;

export function encodeQueueState(state: QueueState): Uint8Array {
  const buf = Buffer.alloc(HEADER_BYTES + ENTRY_BYTES * state.entries.length);
  MAGIC.copy(buf, 0);
  state.mint.toBuffer().copy(buf, 8);
  state.validator.toBuffer().copy(buf, 40);
  buf.writeBigUInt64LE(state.nextEntryId, 72);
  buf.writeUInt32LE(state.entries.length, 80);
  let at = HEADER_BYTES;
  for (const entry of state.entries) {
    if (entry.sealed.length !== SEALED_ENTRY_BYTES) throw new RangeError('sealed entry has the wrong size');
    buf.writeBigUInt64LE(entry.id, at);
    buf.writeBigUInt64LE(entry.readyAtMs, at + 8);
    buf.writeBigUInt64LE(entry.amount, at + 16);
    buf.writeUInt8(entry.partIndex, at + 24);
    Buffer.from(entry.sealed).copy(buf, at + 25);
    at += ENTRY_BYTES;
  }
  return buf;
}

/** Returns null for data that is not a queue account, so callers turn it into their own error. */
export function decodeQueueState(data: Uint8Array): QueueState | null {
  const buf = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  if (buf.length < HEADER_BYTES || !buf.subarray(0, 8).equals(MAGIC)) return null;
  const count = buf.readUInt32LE(80);
  if (buf.length !== HEADER_BYTES + count * ENTRY_BYTES) return null;
  const entries: QueueEntry[] = [];
  let at = HEADER_BYTES;
  for (let i = 0; i < count; i++) {
    entries.push({
      id: buf.readBigUInt64LE(at),
      readyAtMs: buf.readBigUInt64LE(at + 8),
      amount: buf.readBigUInt64LE(at + 16),
      partIndex: buf.readUInt8(at + 24),
      sealed: new Uint8Array(buf.subarray(at + 25, at + ENTRY_BYTES)),
    });
    at += ENTRY_BYTES;
  }
  return {
    mint: new PublicKey(buf.subarray(8, 40)),
    validator: new PublicKey(buf.subarray(40, 72)),
    nextEntryId: buf.readBigUInt64LE(72),
    entries,
  };
}

/** Entries whose delay has passed, oldest deadline first (ties by id, i.e. enqueue order). */
export function readyEntries(state: QueueState, nowMs: bigint): QueueEntry[] {
  return state.entries
    .filter((e) => e.readyAtMs <= nowMs)
    .sort((a, b) => (a.readyAtMs === b.readyAtMs ? Number(a.id - b.id) : a.readyAtMs < b.readyAtMs ? -1 : 1));
}
