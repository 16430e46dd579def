import { SettlementStatus, type SubmitSettlementRequest } from '@quietpay/contracts';
import { QuietpayError } from '@quietpay/platform';
import pino from 'pino';
import { beforeEach, describe, expect, it } from 'vitest';
import type { SettlementCollaborators } from '../ports/settlement-collaborators.port';
import type { SettlementRecords } from '../ports/settlement-records.port';
import type { TransferLanding } from '../ports/transfer-landing.port';
import type { SentAttempt, SettlementVerdict, StoredSettlement } from '../settlement/settlement.store';
import { ProcessSettlementUseCase } from './process-settlement.usecase';
import { SettlementDeadline } from './settlement-deadline';
import type { FinalVerdict, LandedTransfer } from './transfer-driver';

// The settle / rebuild / fail / resume decisions with fakes for every port: what the ledger, the
// stream and the record are told for each way an attempt can end.

const request: SubmitSettlementRequest = { settlementId: 's1.x', idempotencyKey: 'k', sessionId: 's1', amount: '10', waitForConfirmation: false };
const ROUTE = { sourceOwner: 'u', source: 'src', destinationOwner: 'm', destination: 'dst', asset: 'a', network: 'n' };
const SENT: SentAttempt = { signature: 'sig1', signedTxBase64: 'AA==', lastValidBlockHeight: 100, mayBeInFlight: true };
const down = (): QuietpayError => new QuietpayError('bus_no_responders', 'no service is listening on quietpay.session.get.v1');

interface World {
  record: { status: SettlementStatus; sent?: SentAttempt; verdict?: SettlementVerdict; createdAtMs: number };
  calls: string[];
  land: () => Promise<LandedTransfer>;
  finalVerdict: () => Promise<FinalVerdict>;
  resolve: () => Promise<typeof ROUTE>;
  commit: () => Promise<void>;
  release: () => Promise<void>;
  now: number;
}

let w: World;

function useCase(): ProcessSettlementUseCase {
  const store: SettlementRecords = {
    get: async (): Promise<StoredSettlement> => ({
      record: {
        settlementId: request.settlementId,
        sessionId: 's1',
        idempotencyKey: 'k',
        amount: '10',
        status: w.record.status,
        signature: '',
        failureReason: '',
        attempts: 0,
        updatedAtUnix: 0,
      },
      sent: w.record.sent,
      createdAtMs: w.record.createdAtMs,
      verdict: w.record.verdict,
    }),
    countAttempt: async () => undefined,
    markSending: async (_id, sent) => void (w.record.sent = sent),
    markRefused: async () => undefined,
    markInFlight: async () => undefined,
    markLanded: async (_id, signature, slot) => {
      w.calls.push(`landed:${signature}`);
      w.record.verdict = { kind: 'landed', signature, slot };
    },
    markReleasing: async (_id, reason, detail) => {
      w.calls.push(`releasing:${reason}`);
      w.record.verdict = { kind: 'releasing', reason, detail };
    },
    markSettled: async (_id, signature) => {
      w.calls.push(`settled:${signature}`);
      w.record.status = SettlementStatus.SETTLED;
    },
    markFailed: async (_id, reason) => {
      w.calls.push(`failed:${reason}`);
      w.record.status = SettlementStatus.FAILED;
    },
  };
  const peers: SettlementCollaborators = {
    charge: async () => ({}) as never,
    authorizeTransfer: async () => ({}) as never,
    bindTransaction: async () => ({}) as never,
    buildTransfer: async () => ({}) as never,
    sign: async () => ({ signedTxBase64: 'AA==', signature: 'sig1' }),
    session: async () => ({}) as never,
    commitCharge: async () => {
      w.calls.push('commit');
      await w.commit();
    },
    releaseCharge: async () => {
      w.calls.push('release');
      await w.release();
    },
    settled: async () => void w.calls.push('event:settled'),
    failed: async () => void w.calls.push('event:failed'),
  };
  const driver: TransferLanding = {
    land: async () => {
      w.calls.push('land');
      return w.land();
    },
    finalVerdict: async () => {
      w.calls.push('finalVerdict');
      return w.finalVerdict();
    },
  };
  return new ProcessSettlementUseCase({
    store,
    peers,
    driver,
    lock: {
      tryAcquire: async () => ({ keys: ['k'], token: 't' }),
      keepAlive: async () => undefined,
      release: async () => undefined,
      holderOf: async () => undefined,
    },
    routes: { resolve: () => w.resolve() },
    deadline: new SettlementDeadline(60_000, () => w.now),
    logger: pino({ level: 'silent' }),
  });
}

beforeEach(() => {
  w = {
    record: { status: SettlementStatus.QUEUED, createdAtMs: 1_000 },
    calls: [],
    land: async () => ({ signature: 'sig1', slot: 7, confirmed: true }),
    finalVerdict: async () => ({ kind: 'cannot_land' }),
    resolve: async () => ROUTE,
    commit: async () => undefined,
    release: async () => undefined,
    now: 2_000,
  };
});

describe('ProcessSettlementUseCase', () => {
  it('lands, commits, publishes and records settled', async () => {
    expect(await useCase().execute(request)).toBe('done');
    expect(w.calls).toEqual(['land', 'landed:sig1', 'commit', 'event:settled', 'settled:sig1']);
  });

  it('does nothing for a finished settlement', async () => {
    w.record.status = SettlementStatus.FAILED;
    expect(await useCase().execute(request)).toBe('done');
    expect(w.calls).toEqual([]);
  });

  it('retries when the ledger cannot resolve the route, and releases nothing', async () => {
    w.resolve = async () => Promise.reject(down());
    await expect(useCase().execute(request)).rejects.toMatchObject({ code: 'bus_no_responders', retryable: true });
    expect(w.calls).toEqual([]);
  });

  it('releases when the ledger no longer knows the session and nothing was sent', async () => {
    w.resolve = async () => Promise.reject(new QuietpayError('session_not_found', 'gone'));
    expect(await useCase().execute(request)).toBe('done');
    expect(w.calls).toEqual(['releasing:session_not_found', 'release', 'event:failed', 'failed:session_not_found']);
  });

  it('never fails a landed transfer whose commit fails: retries the commit alone until the ledger answers', async () => {
    w.commit = async () => Promise.reject(down());
    await expect(useCase().execute(request)).rejects.toMatchObject({ code: 'commit_pending', retryable: true });
    w.now = 10_000_000; // long past the deadline: still only the commit is retried
    await expect(useCase().execute(request)).rejects.toMatchObject({ code: 'commit_pending' });
    w.commit = async () => undefined;
    w.calls = [];
    expect(await useCase().execute(request)).toBe('done');
    expect(w.calls).toEqual(['commit', 'event:settled', 'settled:sig1']);
  });

  it('retries a ledger internal error or a Redis outage inside the ledger instead of releasing', async () => {
    for (const error of [new QuietpayError('internal', 'internal error'), new QuietpayError('dependency_unavailable', 'redis')]) {
      w.land = async () => Promise.reject(error);
      await expect(useCase().execute(request)).rejects.toMatchObject({ retryable: true });
    }
    expect(w.calls.filter((c) => c !== 'land')).toEqual([]);
  });

  it('retries unavailability until the settlement deadline, then releases what cannot land', async () => {
    w.record.sent = SENT;
    w.land = async () => Promise.reject(down());
    await expect(useCase().execute(request)).rejects.toMatchObject({ retryable: true });
    expect(w.calls).toEqual(['land']);
    w.now = 1_000 + 60_001;
    w.calls = [];
    expect(await useCase().execute(request)).toBe('done');
    expect(w.calls).toEqual(['land', 'finalVerdict', 'releasing:bus_no_responders', 'release', 'event:failed', 'failed:bus_no_responders']);
  });

  it('settles instead of releasing when the last sent bytes did land', async () => {
    w.record.sent = SENT;
    w.land = async () => Promise.reject(new QuietpayError('sign_refused', 'no', { retryable: false }));
    w.finalVerdict = async () => ({ kind: 'settled', signature: 'sig1', slot: 9 });
    expect(await useCase().execute(request)).toBe('done');
    expect(w.calls).toEqual(['land', 'finalVerdict', 'landed:sig1', 'commit', 'event:settled', 'settled:sig1']);
  });

  it('finishes a decided release without deciding again: the ledger down keeps it pending, not re-sent', async () => {
    w.land = async () => Promise.reject(new QuietpayError('sign_refused', 'no', { retryable: false }));
    w.release = async () => Promise.reject(down());
    await expect(useCase().execute(request)).rejects.toMatchObject({ code: 'release_pending', retryable: true });
    w.release = async () => undefined;
    w.calls = [];
    expect(await useCase().execute(request)).toBe('done');
    expect(w.calls).toEqual(['release', 'event:failed', 'failed:sign_refused']);
  });

  it('records the chain’s truth when the ledger refuses for good to commit a landed transfer', async () => {
    w.commit = async () => Promise.reject(new QuietpayError('invalid_transaction_state', 'charge is released'));
    expect(await useCase().execute(request)).toBe('done');
    expect(w.calls).toEqual(['land', 'landed:sig1', 'commit', 'event:settled', 'settled:sig1']);
  });

  it('waits for a busy source without counting a failure', async () => {
    const uc = useCase();
    (uc as unknown as { deps: { lock: { tryAcquire: () => Promise<undefined> } } }).deps.lock.tryAcquire = async () => undefined;
    expect(await uc.execute(request)).toBe('source_busy');
    expect(w.calls).toEqual([]);
  });
});
