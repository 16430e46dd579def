import { type SettlementRecord, SettlementStatus, type SubmissionReceipt } from '@quietpay/contracts';
import { QuietpayError } from '@quietpay/platform';
import { describe, expect, it } from 'vitest';
import { followSettlement, type SettlementPeers } from './settlement-follower';

const ID = 'settlement-1';
const BOUNDS = { waitMs: 400, pollMs: 20 };

function receipt(status: SettlementStatus, more: Partial<SubmissionReceipt> = {}): SubmissionReceipt {
  return {
    settlementId: ID,
    accepted: true,
    duplicate: false,
    status,
    signature: status === SettlementStatus.SETTLED ? 'sig' : '',
    failureReason: '',
    transferAmount: '0',
    transferCharges: 0,
    ...more,
  };
}

function record(status: SettlementStatus, more: Partial<SettlementRecord> = {}): SettlementRecord {
  return {
    settlementId: ID,
    sessionId: 's',
    idempotencyKey: 'k',
    amount: '10',
    status,
    signature: '',
    failureReason: '',
    attempts: 0,
    updatedAtUnix: 0,
    ...more,
  };
}

const never = <T>(): Promise<T> => new Promise<T>(() => undefined);
const unreachable = (): Promise<never> => Promise.reject(new QuietpayError('bus_no_responders', 'no submitter', { retryable: true }));

/** Peers whose answers a test scripts; every call is recorded. */
function peers(script: {
  held: () => Promise<SubmissionReceipt>;
  repeat?: () => Promise<SubmissionReceipt>;
  status?: () => Promise<SettlementRecord>;
}): SettlementPeers & { handOffs: { waitForConfirmation: boolean }[]; lookups: number } {
  const handOffs: { waitForConfirmation: boolean }[] = [];
  let lookups = 0;
  return {
    handOffs,
    get lookups() {
      return lookups;
    },
    handOff: (wait) => {
      handOffs.push({ waitForConfirmation: wait.waitForConfirmation });
      return handOffs.length === 1 ? script.held() : (script.repeat ?? unreachable)();
    },
    status: () => {
      lookups += 1;
      return (script.status ?? unreachable)();
    },
  };
}

describe('followSettlement', () => {
  it('answers the held hand-off when it is final, without a status look', async () => {
    const p = peers({ held: () => Promise.resolve(receipt(SettlementStatus.SETTLED)) });
    expect(await followSettlement(p, true, BOUNDS)).toEqual({ receipt: receipt(SettlementStatus.SETTLED) });
    expect(p.handOffs).toEqual([{ waitForConfirmation: true }]);
    expect(p.lookups).toBe(0);
  });

  it('batched: the accepted hand-off is done (queued), and it does not wait for the chain', async () => {
    const p = peers({ held: () => Promise.resolve(receipt(SettlementStatus.QUEUED)) });
    expect(await followSettlement(p, false, BOUNDS)).toEqual({ receipt: receipt(SettlementStatus.QUEUED) });
    expect(p.handOffs).toEqual([{ waitForConfirmation: false }]);
  });

  it('a held hand-off never answered (its submitter killed): the watch sees the settlement settled elsewhere and answers with the repeated hand-off', async () => {
    const settled = receipt(SettlementStatus.SETTLED, { duplicate: true, transferAmount: '30', transferCharges: 3 });
    const p = peers({
      held: never,
      status: () => Promise.resolve(record(SettlementStatus.SETTLED, { signature: 'sig' })),
      repeat: () => Promise.resolve(settled),
    });
    expect(await followSettlement(p, true, BOUNDS)).toEqual({ receipt: settled });
    expect(p.handOffs).toEqual([{ waitForConfirmation: true }, { waitForConfirmation: false }]);
  });

  it('status lookups failing (no submitter) then a live one: the hand-off is repeated so the job exists, and the wait goes on to the outcome', async () => {
    const lookups: (() => Promise<SettlementRecord>)[] = [
      unreachable,
      unreachable,
      () => Promise.resolve(record(SettlementStatus.QUEUED)),
      () => Promise.resolve(record(SettlementStatus.SUBMITTED)),
      () => Promise.resolve(record(SettlementStatus.SETTLED)),
    ];
    let repeats = 0;
    const p = peers({
      held: never,
      status: () => (lookups.shift() ?? unreachable)(),
      repeat: () => Promise.resolve(receipt(++repeats === 1 ? SettlementStatus.QUEUED : SettlementStatus.SETTLED)),
    });
    expect(await followSettlement(p, true, BOUNDS)).toEqual({ receipt: receipt(SettlementStatus.SETTLED) });
    // The held one, the repeat after the gap, the repeat once settled.
    expect(p.handOffs).toHaveLength(3);
  });

  it('a failed settlement is answered from its record (a repeated hand-off of a released charge is refused)', async () => {
    const p = peers({ held: never, status: () => Promise.resolve(record(SettlementStatus.FAILED, { failureReason: 'insufficient_funds' })) });
    const outcome = await followSettlement(p, true, BOUNDS);
    expect(outcome).toMatchObject({ receipt: { status: SettlementStatus.FAILED, failureReason: 'insufficient_funds', accepted: true } });
    expect(p.handOffs).toHaveLength(1);
  });

  it('the submitter answers pending (its own wait ran out): followed on to the outcome within the bound', async () => {
    const p = peers({
      held: () => Promise.resolve(receipt(SettlementStatus.SUBMITTED)),
      status: () => Promise.resolve(record(SettlementStatus.SETTLED)),
      repeat: () => Promise.resolve(receipt(SettlementStatus.SETTLED)),
    });
    expect(await followSettlement(p, true, BOUNDS)).toEqual({ receipt: receipt(SettlementStatus.SETTLED) });
  });

  it('nothing final within the bound: the last receipt if there is one, else timed out', async () => {
    const submitted = receipt(SettlementStatus.SUBMITTED);
    const stillSubmitted = peers({ held: () => Promise.resolve(submitted), status: () => Promise.resolve(record(SettlementStatus.SUBMITTED)) });
    expect(await followSettlement(stillSubmitted, true, BOUNDS)).toEqual({ receipt: submitted });
    const silent = peers({ held: never, status: never });
    expect(await followSettlement(silent, true, BOUNDS)).toEqual({ timedOut: true });
  });

  it('a hand-off that fails is the answer (the caller tells refused from retryable)', async () => {
    const error = new QuietpayError('bus_no_responders', 'no submitter', { retryable: true });
    const p = peers({ held: () => Promise.reject(error) });
    expect(await followSettlement(p, true, BOUNDS)).toEqual({ error });
    expect(p.lookups).toBe(0);
  });

  it('stops looking once answered', async () => {
    const p = peers({
      held: () => new Promise((resolve) => setTimeout(() => resolve(receipt(SettlementStatus.SETTLED)), 50)),
      status: () => Promise.resolve(record(SettlementStatus.SUBMITTED)),
    });
    await followSettlement(p, true, BOUNDS);
    const seen = p.lookups;
    await new Promise((resolve) => setTimeout(resolve, 5 * BOUNDS.pollMs));
    expect(p.lookups).toBe(seen);
  });
});
