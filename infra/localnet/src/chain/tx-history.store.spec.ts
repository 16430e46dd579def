import { describe, expect, it } from 'vitest';
import { TxHistoryStore } from './tx-history.store';
import type { TxRecord } from './tx-record';

function record(store: TxHistoryStore, signature: string, keys: string[]): TxRecord {
  return {
    signature,
    slot: 1,
    blockTime: 0,
    seq: store.nextSeq(),
    wire: '',
    version: 'legacy',
    accountKeys: keys,
    loadedWritable: [],
    loadedReadonly: [],
    err: null,
    fee: 5000,
    computeUnits: 0,
    logs: [],
    inner: [],
    preBalances: [],
    postBalances: [],
    preTokenBalances: [],
    postTokenBalances: [],
  };
}

describe('TxHistoryStore.forAddress', () => {
  it('lists newest first with exclusive before/until and a limit', () => {
    const s = new TxHistoryStore();
    for (const sig of ['s1', 's2', 's3', 's4']) s.add(record(s, sig, ['A', sig === 's2' ? 'B' : 'C']));
    const sigs = (o: Parameters<TxHistoryStore['forAddress']>[1]): string[] => s.forAddress('A', o).map((r) => r.signature);
    expect(sigs({ limit: 10 })).toEqual(['s4', 's3', 's2', 's1']);
    expect(sigs({ limit: 2, before: 's4' })).toEqual(['s3', 's2']);
    expect(sigs({ limit: 10, until: 's2' })).toEqual(['s4', 's3']);
    expect(s.forAddress('B', { limit: 10 }).map((r) => r.signature)).toEqual(['s2']);
    expect(sigs({ limit: 10, before: 'unknown' })).toEqual([]);
  });
});
