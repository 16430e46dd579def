import type { ObservedPayment } from '@quietpay/contracts';
import type { PrivateSettlement, SettlementParseResult } from '@quietpay/solana';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { PaymentIndex, RecordOutcome } from '../payments/payment-index.port';
import type { ChainReader, SignatureRef } from '../solana/chain-reader.port';
import type { Watermark } from '../watermark/watermark.repository';
import { PollQueueUseCase } from './poll-queue.usecase';

// Fake chain: each signature's "transaction" is the parse result itself, so the stub parser
// just hands it back. Unknown signatures come back null (listed but not served yet).
type FakeTx = SettlementParseResult | null;

function settlement(signature: string, slot: number, clientRefId: bigint, recipient = 'R', amount = 100n): PrivateSettlement {
  return { clientRefId, recipientOwner: recipient, recipientAta: `${recipient}-ata`, mint: 'M', amount, signature, slot };
}
const paid = (...s: PrivateSettlement[]): FakeTx => ({ ok: true, settlements: s });
const notSettlement: FakeTx = { ok: false, reason: 'not_a_settlement' };

function harness(history: SignatureRef[], txs: Record<string, FakeTx>, options: { failRecordFor?: string } = {}) {
  let watermark: Watermark | undefined;
  const advances: Watermark[] = [];
  const stored = new Map<string, ObservedPayment>();
  const published: string[] = [];
  const fetched: string[] = [];
  const reader: ChainReader = {
    signaturesPage: async (_a, page) => {
      const stop = page.until === undefined ? history.length : history.findIndex((h) => h.signature === page.until);
      const start = page.before === undefined ? 0 : history.findIndex((h) => h.signature === page.before) + 1;
      return history.slice(start, stop).slice(0, page.limit);
    },
    getTransaction: async (signature) => {
      fetched.push(signature);
      return { signature, result: txs[signature] ?? null, blockTime: 1_700_000_000 };
    },
  };
  const index: PaymentIndex = {
    record: async (p): Promise<RecordOutcome> => {
      if (p.signature === options.failRecordFor) throw new Error('redis down');
      const key = `${p.paymentId}:${p.recipient}`;
      const kept = stored.get(key);
      if (!kept) {
        stored.set(key, p);
        return 'new';
      }
      return kept.signature === p.signature ? 'replayed' : 'conflict';
    },
    find: async () => undefined,
  };
  const useCase = new PollQueueUseCase(
    reader,
    {
      get: async () => watermark,
      advance: async (_a, to) => {
        advances.push(to);
        watermark = to;
        return true;
      },
    },
    index,
    { publish: async (p) => void published.push(`${p.signature}:${p.paymentId}`) },
    { fetchConcurrency: 2, pageLimit: 2, maxNotifiedFetches: 5, parse: (tx) => tx as SettlementParseResult },
    pino({ level: 'silent' }),
  );
  return { useCase, advances, stored, published, fetched, watermark: () => watermark };
}

const sig = (signature: string, slot: number, failed = false): SignatureRef => ({ signature, slot, failed });

describe('PollQueueUseCase', () => {
  it('indexes settlements in (slot, index) order and advances the watermark at each chunk end', async () => {
    const history = [sig('e', 5), sig('d', 4), sig('c', 3), sig('b', 2), sig('a', 1)];
    const h = harness(history, {
      a: paid(settlement('a', 1, 11n)),
      b: notSettlement,
      c: paid(settlement('c', 3, 12n)),
      d: notSettlement,
      e: paid(settlement('e', 5, 13n)),
    });
    const result = await h.useCase.execute('queue');
    expect(result).toEqual({ transactions: 5, observed: 3, conflicts: 0 });
    expect(h.published).toEqual(['a:11', 'c:12', 'e:13']);
    expect(h.advances.map((w) => w.signature)).toEqual(['b', 'd', 'e']);
    expect(h.stored.get('12:R')).toMatchObject({ slot: '3', index: 0, amount: '100', blockTimeUnix: 1_700_000_000 });
  });

  it('skips failed transactions without fetching them', async () => {
    const h = harness([sig('b', 2, true), sig('a', 1)], { a: paid(settlement('a', 1, 1n)) });
    await h.useCase.execute('queue');
    expect(h.published).toEqual(['a:1']);
    expect(h.watermark()?.signature).toBe('b');
  });

  it('keeps the watermark at the last whole chunk when a later chunk fails', async () => {
    const history = [sig('d', 4), sig('c', 3), sig('b', 2), sig('a', 1)];
    // c is listed but not served: the chunk [c, d] must not be marked applied.
    const h = harness(history, { a: notSettlement, b: paid(settlement('b', 2, 7n)), d: paid(settlement('d', 4, 8n)) });
    await expect(h.useCase.execute('queue')).rejects.toMatchObject({ code: 'rpc_error' });
    expect(h.watermark()?.signature).toBe('b');
    expect(h.published).toEqual(['b:7']);
  });

  it('does not advance past a chunk whose indexing failed, and re-applies it idempotently', async () => {
    const history = [sig('b', 2), sig('a', 1)];
    const txs = { a: paid(settlement('a', 1, 5n)), b: paid(settlement('b', 2, 6n)) };
    const h = harness(history, txs, { failRecordFor: 'b' });
    await expect(h.useCase.execute('queue')).rejects.toThrow('redis down');
    expect(h.watermark()).toBeUndefined();

    const again = harness(history, txs);
    again.stored.set('5:R', { paymentId: '5', signature: 'a', slot: '1', index: 0, amount: '100', recipient: 'R', mint: 'M', blockTimeUnix: 0 });
    const result = await again.useCase.execute('queue');
    // a was indexed before the crash: republished (JetStream de-dups it) but not counted again.
    expect(result.observed).toBe(1);
    expect(again.published).toEqual(['a:5', 'b:6']);
  });

  it('keeps the first settlement for a reused (payment id, recipient) and does not publish the later one', async () => {
    const history = [sig('b', 2), sig('a', 1)];
    const h = harness(history, { a: paid(settlement('a', 1, 9n, 'R', 100n)), b: paid(settlement('b', 2, 9n, 'R', 1n)) });
    const result = await h.useCase.execute('queue');
    expect(result).toMatchObject({ observed: 1, conflicts: 1 });
    expect(h.stored.get('9:R')?.signature).toBe('a');
    expect(h.published).toEqual(['a:9']);
  });

  it('starts from the stored watermark', async () => {
    const history = [sig('c', 3), sig('b', 2), sig('a', 1)];
    const h = harness(history, { a: paid(settlement('a', 1, 1n)), b: notSettlement, c: paid(settlement('c', 3, 3n)) });
    await h.useCase.execute('queue');
    const before = h.published.length;
    expect(await h.useCase.execute('queue')).toEqual({ transactions: 0, observed: 0, conflicts: 0 });
    expect(h.published).toHaveLength(before);
  });
});

describe('PollQueueUseCase.applyNotified (a chain notification, before the next poll)', () => {
  // Two slots: slot 4 holds an enqueue (d) and a settlement (e) in that order, as the chain lists
  // them newest first; c is an earlier settlement, b an enqueue, a already behind the watermark.
  const history = [sig('e', 4), sig('d', 4), sig('c', 3), sig('b', 2), sig('a', 1)];
  const txs = {
    a: paid(settlement('a', 1, 1n)),
    b: notSettlement,
    c: paid(settlement('c', 3, 3n)),
    d: notSettlement,
    e: paid(settlement('e', 4, 5n)),
  };

  it('indexes notified settlements exactly as the poll would (same slot and index), fetching only those', async () => {
    const byPoll = harness(history, txs);
    await byPoll.useCase.execute('queue');

    const h = harness(history, txs);
    const notified = new Map([
      ['a', true],
      ['b', false],
      ['c', true],
      ['d', false],
      ['e', true],
    ]);
    const outcome = await h.useCase.applyNotified('queue', notified);
    expect(outcome).toEqual({ applied: ['a', 'c', 'e'], unlisted: [], watermarkSlot: undefined });
    // The enqueues' notifications showed no delegation-program frame: they are not fetched.
    expect(h.fetched.sort()).toEqual(['a', 'c', 'e']);
    expect([...h.stored.entries()]).toEqual([...byPoll.stored.entries()]);
    expect(h.stored.get('5:R')).toMatchObject({ slot: '4', index: 1 });
    expect(h.published).toEqual(['a:1', 'c:3', 'e:5']);
    // The watermark is the poll's alone.
    expect(h.advances).toEqual([]);
  });

  it('ignores a notified signature that is not under the address', async () => {
    const h = harness(history, txs);
    expect(await h.useCase.applyNotified('queue', new Map([['zz', true]]))).toMatchObject({ applied: [], unlisted: ['zz'] });
    expect(h.fetched).toEqual([]);
  });

  it('also fetches and applies, oldest first, every earlier listed signature it was not told about', async () => {
    const h = harness(history, txs);
    // Only e was notified (c's notification was missed): c may be an earlier part of the same payment.
    const outcome = await h.useCase.applyNotified('queue', new Map([['e', true]]));
    expect(h.fetched.sort()).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(outcome.applied).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(h.published).toEqual(['a:1', 'c:3', 'e:5']);
  });

  it('the next poll skips what a notification applied: no second fetch, no second event, and the watermark passes it', async () => {
    const h = harness(history, txs);
    await h.useCase.applyNotified(
      'queue',
      new Map([
        ['a', true],
        ['b', false],
        ['c', true],
        ['d', false],
        ['e', true],
      ]),
    );
    expect(h.fetched.sort()).toEqual(['a', 'c', 'e']);
    h.fetched.length = 0;
    const result = await h.useCase.execute('queue');
    // b and d were not applied (only classified from their logs): the poll still reads them itself.
    expect(h.fetched.sort()).toEqual(['b', 'd']);
    expect(result).toEqual({ transactions: 5, observed: 0, conflicts: 0 });
    expect(h.published).toEqual(['a:1', 'c:3', 'e:5']);
    expect(h.watermark()?.signature).toBe('e');
  });

  it('reports a notified signature the address history does not list yet, and applies nothing for it', async () => {
    const h = harness(history.slice(1), txs);
    const outcome = await h.useCase.applyNotified('queue', new Map([['e', true]]));
    expect(outcome.unlisted).toEqual(['e']);
    expect(h.stored.has('5:R')).toBe(false);
  });

  it('does nothing for a notified signature the watermark already passed, and says how far the watermark is', async () => {
    const h = harness(history, txs);
    await h.useCase.execute('queue');
    h.fetched.length = 0;
    h.published.length = 0;
    const outcome = await h.useCase.applyNotified('queue', new Map([['e', true]]));
    // Not listed after the watermark: the caller compares the notified slot with the watermark's.
    expect(outcome).toEqual({ applied: [], unlisted: ['e'], watermarkSlot: 4 });
    expect(h.fetched).toEqual([]);
    expect(h.published).toEqual([]);
  });

  it('leaves a long backlog to the poll instead of fetching it all for one notification', async () => {
    const long = [sig('f', 5), ...history];
    const h = harness(long, { ...txs, f: paid(settlement('f', 5, 6n)) });
    expect(await h.useCase.applyNotified('queue', new Map([['f', true]]))).toMatchObject({ applied: [], unlisted: [], deferred: true });
    expect(h.fetched).toEqual([]);
  });

  it('the poll does not fetch a transaction whose notification showed no settlement (an enqueue); it still passes it', async () => {
    const h = harness(history, txs);
    h.useCase.markNotSettling('b');
    h.useCase.markNotSettling('d');
    const result = await h.useCase.execute('queue');
    expect(h.fetched.sort()).toEqual(['a', 'c', 'e']);
    expect(result).toEqual({ transactions: 5, observed: 3, conflicts: 0 });
    expect(h.published).toEqual(['a:1', 'c:3', 'e:5']);
    expect(h.watermark()?.signature).toBe('e');
  });

  it('a missed notification is still found by the next poll', async () => {
    const h = harness(history, txs);
    await h.useCase.applyNotified('queue', new Map([['a', true]]));
    await h.useCase.execute('queue');
    expect(h.published).toEqual(['a:1', 'c:3', 'e:5']);
  });
});
