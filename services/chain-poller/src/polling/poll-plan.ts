import type { SignatureRef } from '../solana/chain-reader.port';

/** A signature with its place in apply order: (slot, index within that slot). */
export interface PlannedSignature extends SignatureRef {
  readonly index: number;
}

/**
 * Turns RPC order (newest first) into apply order: oldest first by slot, keeping the RPC's
 * order inside a slot (it lists a block's transactions newest first, so reversing restores
 * block order). The sort is stable, so a page boundary inside a slot cannot reorder it.
 */
export function planApplyOrder(newestFirst: readonly SignatureRef[]): PlannedSignature[] {
  const oldestFirst = [...newestFirst].reverse();
  const sorted = oldestFirst.map((ref, position) => ({ ref, position })).sort((a, b) => a.ref.slot - b.ref.slot || a.position - b.position);
  const seenPerSlot = new Map<number, number>();
  return sorted.map(({ ref }) => {
    const index = seenPerSlot.get(ref.slot) ?? 0;
    seenPerSlot.set(ref.slot, index + 1);
    return { ...ref, index };
  });
}

/** Consecutive slices of at most `size` items; the watermark moves only at their ends. */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`chunk size must be a positive integer, got ${size}`);
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
