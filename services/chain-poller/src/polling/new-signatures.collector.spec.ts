import { describe, expect, it } from 'vitest';
import type { ChainReader, SignatureRef } from '../solana/chain-reader.port';
import { collectNewSignatures } from './new-signatures.collector';

/** A fake address history, newest first, answering pages like getSignaturesForAddress. */
function historyReader(history: SignatureRef[]) {
  const calls: { until?: string; before?: string; limit: number }[] = [];
  const reader: ChainReader = {
    signaturesPage: async (_address, page) => {
      calls.push(page);
      const start = page.before === undefined ? 0 : history.findIndex((h) => h.signature === page.before) + 1;
      const stop = page.until === undefined ? history.length : history.findIndex((h) => h.signature === page.until);
      return history.slice(start, stop).slice(0, page.limit);
    },
    getTransaction: () => Promise.reject(new Error('not used')),
  };
  return { reader, calls };
}

const history = Array.from({ length: 7 }, (_, i) => ({ signature: `s${7 - i}`, slot: 7 - i, failed: false }));

describe('collectNewSignatures', () => {
  it('pages back with before until the watermark and returns newest first', async () => {
    const { reader, calls } = historyReader(history);
    const got = await collectNewSignatures(reader, 'queue', 's2', 2);
    expect(got.map((s) => s.signature)).toEqual(['s7', 's6', 's5', 's4', 's3']);
    expect(calls.map((c) => c.before)).toEqual([undefined, 's6', 's4']);
    expect(calls.every((c) => c.until === 's2')).toBe(true);
  });

  it('reads the whole history when there is no watermark yet', async () => {
    const { reader } = historyReader(history);
    expect(await collectNewSignatures(reader, 'queue', undefined, 3)).toHaveLength(7);
  });

  it('returns nothing when the watermark is the newest signature', async () => {
    const { reader, calls } = historyReader(history);
    expect(await collectNewSignatures(reader, 'queue', 's7', 10)).toEqual([]);
    expect(calls).toHaveLength(1);
  });
});
