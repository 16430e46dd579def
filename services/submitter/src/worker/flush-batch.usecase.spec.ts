import { type ChargeAuthorization, SettlementStatus } from '@quietpay/contracts';
import { QuietpayError } from '@quietpay/platform';
import pino from 'pino';
import { beforeEach, describe, expect, it } from 'vitest';
import type { BatchRecords } from '../ports/batch-records.port';
import type { BatchGrant, BatchTransfer, SettlementCollaborators } from '../ports/settlement-collaborators.port';
import type { SettlementRecords } from '../ports/settlement-records.port';
import type { SourceLocks } from '../ports/source-locks.port';
import type { TransferLanding } from '../ports/transfer-landing.port';
import type { Batch } from '../settlement/batch.store';
import type { SentAttempt, StoredSettlement } from '../settlement/settlement.store';
import { FlushBatchUseCase } from './flush-batch.usecase';
import { SettlementDeadline } from './settlement-deadline';
import type { BuiltAttempt, FinalVerdict, LandedTransfer } from './transfer-driver';

// Every branch of one batch flush with fakes of its ports: settle every member with the one
// signature, release every member on a terminal failure (or past the deadline), resume a recorded
// verdict without deciding again, adopt a transaction another attempt bound, and retry the rest.

const ROUTE = { sourceOwner: 'u', source: 'src', destinationOwner: 'm', destination: 'dst', asset: 'a', network: 'n' };
const AUTH = { signature: new Uint8Array([1]) } as unknown as ChargeAuthorization;
const SENT: SentAttempt = { signature: 'sig-old', signedTxBase64: 'AA==', lastValidBlockHeight: 1, mayBeInFlight: true };
const FORMED_AT = 1_000;

interface World {
  /** The batch the next form makes (pending charges), if any. */
  batch: Batch | undefined;
  /** The session's open batches, oldest first (the form appends to it). */
  open: Batch[];
  pending: number;
  lockFree: boolean;
  /** Who holds the source while it is not free. */
  holder?: string;
  locked: (string | undefined)[];
  calls: string[];
  /** Members whose waiting submits were woken, each with the call last made before. */
  woken: string[];
  grant: BatchGrant;
  /** What the ledger answers when asked to bind: the built transaction unless set. */
  bound?: BatchTransfer;
  /** What the driver does: runs the build step (for `build`), then lands (journaling the signature) or throws. */
  land: { build: boolean; result: LandedTransfer | Error };
  /** The `until` of each land. */
  until: string[];
  built: BuiltAttempt[];
  finalVerdict: FinalVerdict;
  failCommit: boolean;
  routeError?: QuietpayError;
  ownershipLost: boolean;
  now: number;
}

let w: World;

const batchOf = (extra: Partial<Batch> = {}): Batch => ({
  batchId: 'b1',
  sessionId: 's1',
  amount: '30',
  status: SettlementStatus.QUEUED,
  members: ['m1', 'm2', 'm3'],
  sent: undefined,
  formedAtMs: FORMED_AT,
  verdict: undefined,
  awaitedUntilMs: 0,
  ...extra,
});

const find = (batchId: string): Batch | undefined => w.open.find((b) => b.batchId === batchId);
const update = (batchId: string, change: Partial<Batch>): void => {
  w.open = w.open.map((b) => (b.batchId === batchId ? { ...b, ...change } : b));
};

function useCase(servedBeforeSettling = true, depth = 1): FlushBatchUseCase {
  const batches: BatchRecords = {
    flushStarting: async () => void w.locked.push('starting'),
    pendingCount: async () => w.pending,
    openBatches: async () => w.open.map((b) => b.batchId),
    formNext: async () => {
      if (w.batch === undefined || w.open.length >= depth) return undefined;
      w.open.push(w.batch);
      const id = w.batch.batchId;
      w.batch = undefined;
      return id;
    },
    get: async (batchId) => find(batchId),
    markSending: async (id, sent) => {
      update(id, { sent });
      w.calls.push(`batch:sending:${sent.signature}`);
    },
    markAwaited: async (id, untilMs) => {
      update(id, { awaitedUntilMs: untilMs });
      w.calls.push(`batch:awaited:${id}:${untilMs}`);
    },
    markLanded: async (_id, signature) => void w.calls.push(`batch:landed:${signature}`),
    markReleasing: async (_id, reason) => void w.calls.push(`batch:releasing:${reason}`),
    setInFlight: async () => undefined,
    close: async (batch, status, signature, reason) => {
      w.open = w.open.filter((b) => b.batchId !== batch.batchId);
      w.calls.push(`batch:close:${SettlementStatus[status]}:${signature}:${reason}`);
    },
  };
  const settlements = {
    get: async (id: string): Promise<StoredSettlement> => ({ record: { amount: '10', settlementId: id } }) as unknown as StoredSettlement,
    markSettled: async (id: string, signature: string) => void w.calls.push(`record:settled:${id}:${signature}`),
    markFailed: async (id: string, reason: string) => void w.calls.push(`record:failed:${id}:${reason}`),
  } as unknown as SettlementRecords;
  const peers: Partial<SettlementCollaborators> = {
    authorizeTransfer: async (transfer, expired) => {
      w.calls.push(`authorize:${transfer.kind === 'batch' ? transfer.settlementIds.join(',') : transfer.settlementId}:${expired}`);
      return w.grant;
    },
    buildTransfer: async () => ({ built: { unsignedTxBase64: 'u', lastValidBlockHeight: '50' }, opening: {} }) as never,
    sign: async () => ({ signedTxBase64: 'c2lnbmVk', signature: 'sig-new' }),
    bindTransaction: async (_transfer, _authorization, transaction) => {
      w.calls.push(`bind:${transaction.signature}`);
      return w.bound ?? transaction;
    },
    commitCharge: async (id, signature) => {
      if (w.failCommit) throw new QuietpayError('bus_timeout', 'ledger slow');
      w.calls.push(`commit:${id}:${signature}`);
    },
    releaseCharge: async (id, reason, options) => void w.calls.push(`release:${id}:${reason}:${options?.suspendSession === true ? 'suspend' : 'keep'}`),
    settled: async (event) => void w.calls.push(`event:settled:${event.settlementId}`),
    failed: async (event) => void w.calls.push(`event:failed:${event.settlementId}:${event.reason}`),
  };
  const driver: TransferLanding = {
    land: async (key, _previous, buildAndSign, _journal, _keepAlive, until = 'confirmed') => {
      w.until.push(until);
      if (w.land.build) w.built.push(await buildAndSign(undefined));
      if (w.land.result instanceof Error) throw w.land.result;
      update(key, { sent: { ...SENT, signature: w.land.result.signature } });
      return w.land.result;
    },
    finalVerdict: async () => {
      w.calls.push('final-verdict');
      return w.finalVerdict;
    },
  };
  return new FlushBatchUseCase({
    batches,
    settlements,
    queue: {
      ensureFlush: async (sessionId, delayMs, after) =>
        void w.calls.push(delayMs === 0 && !after?.startsWith('claim-') ? `flush-again:${sessionId}` : `flush-at:${sessionId}:+${delayMs}:${after}`),
    },
    lock: {
      tryAcquire: async (source, destination, holder) => {
        w.locked.push(`${source}+${destination ?? ''}${holder === undefined ? '' : ` as ${holder}`}`);
        return w.lockFree ? { keys: [], token: 't' } : undefined;
      },
      holderOf: async () => (w.lockFree ? undefined : w.holder),
      keepAlive: async () => undefined,
      release: async () => void w.calls.push('unlock'),
    } satisfies SourceLocks,
    driver,
    peers: peers as SettlementCollaborators,
    routes: {
      resolve: async () => {
        if (w.routeError) throw w.routeError;
        return ROUTE;
      },
    },
    deadline: new SettlementDeadline(60_000, () => w.now),
    maxSize: 10,
    depth,
    awaitClaimMs: 15_000,
    now: () => w.now,
    servedBeforeSettling,
    finishes: { finished: (id) => void w.woken.push(`${id} after ${w.calls.at(-1) ?? 'nothing'}`) },
    logger: pino({ level: 'silent' }),
  });
}

const ownership = async (): Promise<void> => {
  if (w.ownershipLost) throw new QuietpayError('job_lock_lost', 'taken over', { retryable: true });
};
/** The batch left open by an earlier flush (resumed), nothing pending to form. */
const resume = (batch: Batch): void => {
  w.open = [batch];
  w.batch = undefined;
};
const flush = (served = true) => useCase(served).execute('s1', ownership);
const settledCalls = (signature: string) =>
  ['m1', 'm2', 'm3'].flatMap((m) => [`commit:${m}:${signature}`, `event:settled:${m}`, `record:settled:${m}:${signature}`]);
/** Members after the first are booked concurrently: compare as sets, with the first member booked before any other. */
function expectBooked(calls: readonly string[], expected: readonly string[]): void {
  expect([...calls].sort()).toEqual([...expected].sort());
  const firstDone = calls.findIndex((c) => c.startsWith('record:settled:m1:'));
  const othersStart = calls.findIndex((c) => /^commit:m[23]:/.test(c));
  expect(firstDone).toBeLessThan(othersStart);
  expect(calls.at(-2)).toMatch(/^batch:close:SETTLED:/);
}
const releasedCalls = (reason: string, suspend: 'suspend' | 'keep') =>
  ['m1', 'm2', 'm3'].flatMap((m) => [`release:${m}:${reason}:${suspend}`, `event:failed:${m}:${reason}`, `record:failed:${m}:${reason}`]);

beforeEach(() => {
  w = {
    batch: batchOf(),
    open: [],
    pending: 0,
    lockFree: true,
    locked: [],
    calls: [],
    woken: [],
    grant: { kind: 'authorization', authorization: AUTH },
    land: { build: false, result: { signature: 'sig-new', slot: 5, confirmed: true } },
    until: [],
    built: [],
    finalVerdict: { kind: 'cannot_land' },
    failCommit: false,
    ownershipLost: false,
    now: FORMED_AT + 1_000,
  };
});

describe('FlushBatchUseCase', () => {
  it('lands one transfer for the batch and books every member with its signature', async () => {
    await expect(flush()).resolves.toBe('done');
    expectBooked(w.calls, ['batch:landed:sig-new', ...settledCalls('sig-new'), 'batch:close:SETTLED:sig-new:', 'unlock']);
  });

  it('flushes again when charges are still pending after this batch, once the source lock is released', async () => {
    w.pending = 2;
    await flush();
    // Enqueued while the lock was held, the follow-up was often picked up at once, found the
    // source busy and waited SOURCE_LOCK_BUSY_DELAY_MS: a delay in every coalesced cycle.
    expect(w.calls.slice(-2)).toEqual(['unlock', 'flush-again:s1']);
  });

  it("wakes its members' waiting submits only once the source lock is released and the follow-up enqueued", async () => {
    // Woken as each record was written, 16 answers and the next 16 submits ran on the same two
    // cores while the rest of the batch was still being booked under the lock (bench: booking at
    // 32 in flight 56 -> 182 ms). Their records are already final; only the wake-up waits.
    w.pending = 2;
    await flush(false);
    expect(w.calls.slice(-2)).toEqual(['unlock', 'flush-again:s1']);
    expect(w.woken).toEqual(['m1 after flush-again:s1', 'm2 after flush-again:s1', 'm3 after flush-again:s1']);
  });

  it('locks the destination too only when the members were served before settling (batched)', async () => {
    await flush(true);
    await flush(false);
    expect(w.locked.filter((l) => l !== 'starting')).toEqual(['src+dst as flush:s1', 'src+ as flush:s1']);
  });

  it('waits for a source another session or a per-call settlement holds, without touching the batch', async () => {
    w.lockFree = false;
    for (const holder of [undefined, 'flush:s2']) {
      w.holder = holder;
      await expect(flush()).resolves.toBe('source_busy');
    }
    expect(w.calls).toEqual([]);
  });

  it('says it is starting before it looks at the source lock, also when it then ends (coalesced: clears the schedule mark)', async () => {
    // A mark left set by a job that then found the source held outlived the charge it was set for:
    // the next charges saw it, scheduled nothing, and waited for the gateway's timeout (~30 s).
    w.lockFree = false;
    w.holder = 'flush:s1';
    await expect(flush()).resolves.toBe('covered');
    expect(w.locked).toEqual(['starting', 'src+dst as flush:s1']);
  });

  it('ends when a flush of its own session holds the source: that flush checks the pending list once it released it', async () => {
    // Waiting and trying again every SOURCE_LOCK_BUSY_DELAY_MS was ~75 job runs (route, lock,
    // BullMQ move) per coalesced transfer: the holder's pending check already covers the charge
    // that scheduled this job, since the charge was pushed before the job saw the source held.
    w.lockFree = false;
    w.holder = 'flush:s1';
    await expect(flush()).resolves.toBe('covered');
    expect(w.calls).toEqual([]);
  });

  it('is done when nothing is pending, and releases the lock', async () => {
    w.batch = undefined;
    await expect(flush()).resolves.toBe('done');
    expect(w.calls).toEqual(['unlock']);
  });

  it('checks the pending list after releasing even when it formed nothing (a charge pushed meanwhile is followed up)', async () => {
    w.batch = undefined;
    w.pending = 1;
    await expect(flush()).resolves.toBe('done');
    expect(w.calls).toEqual(['unlock', 'flush-again:s1']);
  });

  it('retries when the route cannot be resolved, before locking anything', async () => {
    w.routeError = new QuietpayError('bus_no_responders', 'ledger away');
    await expect(flush()).rejects.toMatchObject({ code: 'bus_no_responders', retryable: true });
    expect(w.locked).toEqual(['starting']);
  });

  it('resumes a landed verdict by booking it, never landing again', async () => {
    resume(batchOf({ verdict: { kind: 'landed', signature: 'sig-old', slot: 3 } }));
    w.land.result = new Error('must not land');
    await flush();
    expectBooked(w.calls, [...settledCalls('sig-old'), 'batch:close:SETTLED:sig-old:', 'unlock']);
  });

  it('resumes a decided release by finishing it, never deciding again', async () => {
    resume(batchOf({ sent: SENT, verdict: { kind: 'releasing', reason: 'sign_refused', detail: 'rule' } }));
    await flush();
    expect(w.calls).toEqual([...releasedCalls('sign_refused', 'suspend'), 'batch:close:FAILED:sig-old:sign_refused', 'unlock']);
  });

  it('releases every member on a terminal failure, suspending the session when they were served', async () => {
    resume(batchOf({ sent: SENT }));
    w.land.result = new QuietpayError('sign_refused', 'policy', { retryable: false });
    await flush();
    expect(w.calls).toEqual([
      'final-verdict',
      'batch:releasing:sign_refused',
      ...releasedCalls('sign_refused', 'suspend'),
      'batch:close:FAILED:sig-old:sign_refused',
      'unlock',
    ]);
  });

  it('releases without suspending in coalesced per-call mode (nothing was served yet)', async () => {
    w.land.result = new QuietpayError('sign_refused', 'policy', { retryable: false });
    await flush(false);
    expect(w.calls).toEqual(['batch:releasing:sign_refused', ...releasedCalls('sign_refused', 'keep'), 'batch:close:FAILED::sign_refused', 'unlock']);
  });

  it('settles instead of releasing when the last sent bytes landed after all', async () => {
    resume(batchOf({ sent: SENT }));
    w.land.result = new QuietpayError('sign_refused', 'policy', { retryable: false });
    w.finalVerdict = { kind: 'settled', signature: 'sig-old', slot: 9 };
    await flush();
    expectBooked(w.calls, ['final-verdict', 'batch:landed:sig-old', ...settledCalls('sig-old'), 'batch:close:SETTLED:sig-old:', 'unlock']);
  });

  it('asks the chain nothing more after an on-chain failure: the transaction is final', async () => {
    resume(batchOf({ sent: SENT }));
    w.land.result = new QuietpayError('transaction_failed', 'reverted', { retryable: false });
    await flush();
    expect(w.calls).not.toContain('final-verdict');
    expect(w.calls).toContain('batch:releasing:transaction_failed');
  });

  it('retries a retryable failure within the deadline and releases nothing', async () => {
    w.land.result = new QuietpayError('rpc_unavailable', 'node down', { retryable: true });
    await expect(flush()).rejects.toMatchObject({ code: 'rpc_unavailable', retryable: true });
    expect(w.calls).toEqual(['unlock']);
  });

  it('releases past the batch deadline once nothing sent can land', async () => {
    resume(batchOf({ sent: SENT }));
    w.land.result = new QuietpayError('rpc_unavailable', 'node down', { retryable: true });
    w.now = FORMED_AT + 61_000;
    await flush();
    expect(w.calls.slice(0, 2)).toEqual(['final-verdict', 'batch:releasing:rpc_unavailable']);
  });

  it('never fails a landed batch whose commits fail: retries commit_pending, batch left open', async () => {
    w.failCommit = true;
    await expect(flush()).rejects.toMatchObject({ code: 'commit_pending', retryable: true });
    expect(w.calls).toEqual(['batch:landed:sig-new', 'unlock']);
  });

  it('builds from the ledger grant, binds it while it still owns the job, and lands what was bound', async () => {
    w.land.build = true;
    await flush();
    expect(w.calls.slice(0, 2)).toEqual(['authorize:m1,m2,m3:', 'bind:sig-new']);
    expect(w.built[0]).toMatchObject({ signature: 'sig-new', mayBeInFlight: true });
    expect(w.built[0]?.adopted).toBeUndefined();
  });

  it("adopts another attempt's bound transaction instead of signing another", async () => {
    w.land.build = true;
    w.grant = { kind: 'in_flight', transaction: { signature: 'sig-other', signedTxBase64: 'AA==', lastValidBlockHeight: 70 } };
    await flush();
    expect(w.calls).not.toContain('bind:sig-new');
    expect(w.built[0]).toMatchObject({ signature: 'sig-other', adopted: true });
  });

  it('adopts what the ledger bound when another attempt bound first', async () => {
    w.land.build = true;
    w.bound = { signature: 'sig-first', signedTxBase64: 'AA==', lastValidBlockHeight: 70 };
    await flush();
    expect(w.built[0]).toMatchObject({ signature: 'sig-first', adopted: true });
  });

  it('binds nothing once the job was taken over by another worker', async () => {
    w.land.build = true;
    w.ownershipLost = true;
    await expect(flush()).rejects.toMatchObject({ code: 'job_lock_lost', retryable: true });
    expect(w.calls.filter((c) => c.startsWith('bind:'))).toEqual([]);
  });
});

describe('FlushBatchUseCase pipelined (depth 2)', () => {
  const piped = () => useCase(false, 2).execute('s1', ownership);
  const CLAIM_UNTIL = FORMED_AT + 1_000 + 15_000;
  const claimed = (batchId: string, extra: Partial<Batch> = {}): Batch =>
    batchOf({ batchId, members: [`${batchId}-m`], sent: { ...SENT, signature: `sig-${batchId}` }, awaitedUntilMs: CLAIM_UNTIL, ...extra });

  beforeEach(() => {
    w.land.result = { signature: 'sig-new', slot: 5, confirmed: false };
    w.finalVerdict = { kind: 'settled', signature: 'sig-new', slot: 6 };
  });

  it('holds the source lock only until the node applied the transfer; books the members at its confirmation, after the release', async () => {
    w.pending = 2;
    await expect(piped()).resolves.toBe('done');
    expect(w.until).toEqual(['processed']);
    const unlock = w.calls.indexOf('unlock');
    // Claimed as awaited before the release, so the next flush leaves it to this one.
    expect(w.calls.slice(0, unlock)).toEqual([`batch:awaited:b1:${CLAIM_UNTIL}`]);
    expect(w.calls[unlock + 1]).toBe('flush-again:s1');
    expect(w.calls[unlock + 2]).toBe('final-verdict');
    expectBooked(w.calls.slice(unlock + 3), ['batch:landed:sig-new', ...settledCalls('sig-new'), 'batch:close:SETTLED:sig-new:', 'flush-again:s1']);
    // The batch closed and charges are pending: the pipeline has room again.
    expect(w.calls.at(-1)).toBe('flush-again:s1');
    expect(w.woken.every((m) => m.endsWith('after flush-again:s1'))).toBe(true);
    expect(w.woken).toHaveLength(3);
  });

  it('answers nothing when the processed transaction does not confirm: drops its claim and retries (the resume decides under the lock)', async () => {
    for (const verdict of [
      { kind: 'expired', signature: 'sig-new' },
      { kind: 'failed_on_chain', signature: 'sig-new', detail: 'x' },
    ] as const) {
      w.calls = [];
      w.open = [];
      w.batch = batchOf();
      w.finalVerdict = verdict;
      await expect(piped()).rejects.toMatchObject({ code: 'settlement_pending', retryable: true });
      expect(w.calls).toEqual([`batch:awaited:b1:${CLAIM_UNTIL}`, 'unlock', 'final-verdict', 'batch:awaited:b1:0']);
      expect(w.woken).toEqual([]);
    }
  });

  it('drops its claim when booking the confirmed batch fails, so the retry books the landed verdict at once', async () => {
    w.failCommit = true;
    await expect(piped()).rejects.toMatchObject({ code: 'commit_pending', retryable: true });
    expect(w.calls.slice(-2)).toEqual(['batch:landed:sig-new', 'batch:awaited:b1:0']);
  });

  it('forms the next batch while an earlier one awaits confirmation, leaving that one to its own flush', async () => {
    w.open = [claimed('b0')];
    await piped();
    expect(w.until).toEqual(['processed']);
    expect(w.calls.filter((c) => c.includes('b0') || c.includes('sig-b0'))).toEqual([]);
    expect(w.calls).toContain('batch:close:SETTLED:sig-new:');
    // It had its own batch in flight: no check back on b0.
    expect(w.calls.some((c) => c.startsWith('flush-at:'))).toBe(false);
  });

  it('leaves a batch whose live waiter is booking it (landed verdict) to that waiter: booked once', async () => {
    w.open = [claimed('b0', { verdict: { kind: 'landed', signature: 'sig-b0', slot: 3 } })];
    await piped();
    expect(w.calls.filter((c) => c.includes('sig-b0'))).toEqual([]);
    expect(w.calls).toContain('batch:close:SETTLED:sig-new:');
  });

  it('at full depth forms nothing and enqueues no follow-up; checks back once the claims would lapse', async () => {
    w.open = [claimed('b0'), claimed('b9')];
    w.pending = 5;
    await piped();
    expect(w.until).toEqual([]);
    expect(w.calls).toEqual(['unlock', 'flush-at:s1:+15100:claim-b0']);
  });

  it("drives a batch whose waiter's claim lapsed (its flush died), oldest first, and then awaits it itself", async () => {
    w.open = [claimed('b0', { awaitedUntilMs: w.now - 1 }), claimed('b9')];
    w.land.result = { signature: 'sig-b0', slot: 5, confirmed: false };
    w.finalVerdict = { kind: 'settled', signature: 'sig-b0', slot: 6 };
    await piped();
    expect(w.until).toEqual(['processed']);
    expect(w.calls).toContain('batch:close:SETTLED:sig-b0:');
    expect(w.open.map((b) => b.batchId)).toEqual(['b9']);
  });

  it('books under the lock a resumed batch the chain already confirmed', async () => {
    w.open = [claimed('b0', { awaitedUntilMs: 0 })];
    w.land.result = { signature: 'sig-b0', slot: 5, confirmed: true };
    await piped();
    expect(w.calls.indexOf('batch:close:SETTLED:sig-b0:')).toBeLessThan(w.calls.indexOf('unlock'));
    expect(w.calls).not.toContain('final-verdict');
  });

  it('depth 1 lands until confirmed and never claims a batch', async () => {
    w.land.result = { signature: 'sig-new', slot: 5, confirmed: true };
    await flush(false);
    expect(w.until).toEqual(['confirmed']);
    expect(w.calls.some((c) => c.startsWith('batch:awaited'))).toBe(false);
  });
});
