import { DELEGATION_IX_EXECUTE_SCHEDULED, SPL_IX } from './magicblock.config';
import { SEALED_ENTRY_BYTES } from './sealed-entry.codec';

/** Data of the SPLxh1 enqueue instruction the payments API puts in the agent's transaction. */
export interface EnqueueData {
  split: number;
  amount: bigint;
  minDelayMs: bigint;
  maxDelayMs: bigint;
  sealed: Uint8Array;
}

const ENQUEUE_BYTES = 1 + 1 + 8 + 8 + 8 + SEALED_ENTRY_BYTES;

export function encodeEnqueue(d: EnqueueData): Uint8Array {
  const buf = Buffer.alloc(ENQUEUE_BYTES);
  buf.writeUInt8(SPL_IX.enqueuePrivateTransfer, 0);
  buf.writeUInt8(d.split, 1);
  buf.writeBigUInt64LE(d.amount, 2);
  buf.writeBigUInt64LE(d.minDelayMs, 10);
  buf.writeBigUInt64LE(d.maxDelayMs, 18);
  Buffer.from(d.sealed).copy(buf, 26);
  return buf;
}

export function decodeEnqueue(data: Uint8Array): EnqueueData | null {
  const buf = Buffer.from(data);
  if (buf.length !== ENQUEUE_BYTES || buf[0] !== SPL_IX.enqueuePrivateTransfer) return null;
  return {
    split: buf.readUInt8(1),
    amount: buf.readBigUInt64LE(2),
    minDelayMs: buf.readBigUInt64LE(10),
    maxDelayMs: buf.readBigUInt64LE(18),
    sealed: new Uint8Array(buf.subarray(26)),
  };
}

/**
 * The inner SPLxh1 settlement data (PROTOCOLS.md §3): discriminator, then
 * `escrow_index u8 | amount u64 LE | flags u8 | client_ref_id u64 LE`.
 */
export interface SettlementData {
  escrowIndex: number;
  amount: bigint;
  flags: number;
  clientRefId: bigint;
}

/** flags bit 0: a client_ref_id follows (the 18-byte form rather than the 10-byte one). */
export const SETTLEMENT_FLAG_CLIENT_REF = 1;

export function encodeSettlement(d: SettlementData): Uint8Array {
  const buf = Buffer.alloc(1 + 18);
  buf.writeUInt8(SPL_IX.executeReadyQueuedTransfer, 0);
  buf.writeUInt8(d.escrowIndex, 1);
  buf.writeBigUInt64LE(d.amount, 2);
  buf.writeUInt8(d.flags, 10);
  buf.writeBigUInt64LE(d.clientRefId, 11);
  return buf;
}

/** Accepts both documented lengths (10 or 18 bytes after the discriminator). */
export function decodeSettlement(data: Uint8Array): SettlementData | null {
  const buf = Buffer.from(data);
  if (buf[0] !== SPL_IX.executeReadyQueuedTransfer) return null;
  if (buf.length === 11) {
    return { escrowIndex: buf.readUInt8(1), amount: buf.readBigUInt64LE(2), flags: buf.readUInt8(10), clientRefId: 0n };
  }
  if (buf.length !== 19) return null;
  return {
    escrowIndex: buf.readUInt8(1),
    amount: buf.readBigUInt64LE(2),
    flags: buf.readUInt8(10),
    clientRefId: buf.readBigUInt64LE(11),
  };
}

/** Top-level delegation-program instruction: which queue entry to run, and the inner SPLxh1 data. */
export interface ExecuteScheduledData {
  entryId: bigint;
  inner: Uint8Array;
}

export function encodeExecuteScheduled(d: ExecuteScheduledData): Uint8Array {
  const head = Buffer.alloc(9);
  head.writeUInt8(DELEGATION_IX_EXECUTE_SCHEDULED, 0);
  head.writeBigUInt64LE(d.entryId, 1);
  return Buffer.concat([head, Buffer.from(d.inner)]);
}

export function decodeExecuteScheduled(data: Uint8Array): ExecuteScheduledData | null {
  const buf = Buffer.from(data);
  if (buf.length < 10 || buf[0] !== DELEGATION_IX_EXECUTE_SCHEDULED) return null;
  return { entryId: buf.readBigUInt64LE(1), inner: new Uint8Array(buf.subarray(9)) };
}

/** Deposit (base ATA → ephemeral balance) and withdraw (back): discriminator then amount u64 LE. */
export function encodeAmountIx(discriminator: typeof SPL_IX.deposit | typeof SPL_IX.withdraw, amount: bigint): Uint8Array {
  const buf = Buffer.alloc(9);
  buf.writeUInt8(discriminator, 0);
  buf.writeBigUInt64LE(amount, 1);
  return buf;
}

export function decodeAmountIx(data: Uint8Array): { discriminator: number; amount: bigint } | null {
  const buf = Buffer.from(data);
  if (buf.length !== 9) return null;
  return { discriminator: buf.readUInt8(0), amount: buf.readBigUInt64LE(1) };
}
