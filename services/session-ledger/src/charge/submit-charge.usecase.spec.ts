import { SettlementStatus, type SubmissionReceipt, type SubmitSettlementRequest } from '@quietpay/contracts';
import { QuietpayError } from '@quietpay/platform';
import { describe, expect, it } from 'vitest';
import type { FinishOutcome, LedgerRepository, ReleaseOptions } from '../ledger/ledger.repository';
import type { ChargeRecord, ChargeState } from '../ledger/ledger.types';
import type { ChargeSubmitter } from './charge-submitter.port';
import { MAX_SUBMIT_TIMEOUT_MS, SubmitChargeUseCase } from './submit-charge.usecase';

const SESSION = 'sess-1';
const SETTLEMENT = `${SESSION}.11111111-2222-3333-4444-555555555555`;
const KEY = 'payment-key';

interface Release {
  readonly reason: string;
  readonly options: ReleaseOptions | undefined;
}

/** The ledger's record of one charge, and the releases asked of it (a pure fake: no Redis). */
function fakeLedger(state: ChargeState | undefined, claimedByTransfer = false) {
  const releases: Release[] = [];
  const charge: ChargeRecord | undefined =
    state === undefined
      ? undefined
      : { chargeId: SETTLEMENT, sessionId: SESSION, idempotencyKey: KEY, amount: '10000', nonce: 'n', state, signature: '', reason: '' };
  const ledger = {
    idempotencyKeyOf: (sessionId: string, settlementId: string) => Promise.resolve(sessionId === SESSION && settlementId === SETTLEMENT && charge ? KEY : null),
    getCharge: () => Promise.resolve(charge ?? null),
    getSession: () => Promise.resolve({ spent: '10000', cap: '1000000', user: 'user' }),
    release: (_sessionId: string, _key: string, reason: string, options?: ReleaseOptions): Promise<FinishOutcome> => {
      releases.push({ reason, options });
      if (options?.onlyIfUnclaimed && claimedByTransfer) return Promise.resolve({ found: true, changed: false, state: 'reserved', inTransfer: true });
      if (charge) charge.state = 'released';
      return Promise.resolve({ found: true, changed: true, state: 'released' });
    },
  };
  return { ledger: ledger as unknown as LedgerRepository, releases, charge };
}

/** A submitter that records what it was handed and answers `outcome`. */
function fakeSubmitter(outcome: SubmissionReceipt | QuietpayError) {
  const calls: { request: SubmitSettlementRequest; timeoutMs: number }[] = [];
  const submitter: ChargeSubmitter = {
    submit: (request, timeoutMs) => {
      calls.push({ request, timeoutMs });
      return outcome instanceof QuietpayError ? Promise.reject(outcome) : Promise.resolve(outcome);
    },
  };
  return { submitter, calls };
}

const RECEIPT = { settlementId: SETTLEMENT, status: SettlementStatus.SETTLED, accepted: true, signature: 'sig' } as SubmissionReceipt;

describe('SubmitChargeUseCase: the ledger hands the submitter only its own record', () => {
  it('forwards the reserved charge as the ledger holds it (session, amount, key), bounding the wait', async () => {
    const { ledger } = fakeLedger('reserved');
    const { submitter, calls } = fakeSubmitter(RECEIPT);
    const receipt = await new SubmitChargeUseCase(ledger, submitter).execute({
      settlementId: SETTLEMENT,
      waitForConfirmation: true,
      timeoutMs: 10 * MAX_SUBMIT_TIMEOUT_MS,
    });
    expect(receipt).toBe(RECEIPT);
    expect(calls).toEqual([
      {
        request: { settlementId: SETTLEMENT, idempotencyKey: KEY, sessionId: SESSION, amount: '10000', waitForConfirmation: true },
        timeoutMs: MAX_SUBMIT_TIMEOUT_MS,
      },
    ]);
  });

  it('refuses a settlement id the ledger never issued, and a released charge, without reaching the submitter', async () => {
    for (const [settlementId, state, code] of [
      [`${SESSION}.unknown`, 'reserved', 'charge_not_found'],
      ['no-session-part', 'reserved', 'charge_not_found'],
      [SETTLEMENT, undefined, 'charge_not_found'],
      [SETTLEMENT, 'released', 'charge_not_reserved'],
    ] as const) {
      const { ledger } = fakeLedger(state);
      const { submitter, calls } = fakeSubmitter(RECEIPT);
      await expect(
        new SubmitChargeUseCase(ledger, submitter).execute({ settlementId, waitForConfirmation: true, timeoutMs: 0 }),
        settlementId,
      ).rejects.toMatchObject({ code });
      expect(calls).toEqual([]);
    }
  });

  it('releases a charge the submitter refused, but only if no transfer claimed it; the refusal is the answer either way', async () => {
    for (const claimed of [false, true]) {
      const { ledger, releases, charge } = fakeLedger('reserved', claimed);
      const { submitter } = fakeSubmitter(new QuietpayError('settlement_mismatch', 'no', { retryable: false }));
      await expect(
        new SubmitChargeUseCase(ledger, submitter).execute({ settlementId: SETTLEMENT, waitForConfirmation: true, timeoutMs: 0 }),
      ).rejects.toMatchObject({ code: 'settlement_mismatch' });
      expect(releases).toEqual([{ reason: 'submit_refused:settlement_mismatch', options: { onlyIfUnclaimed: true } }]);
      expect(charge?.state).toBe(claimed ? 'reserved' : 'released');
    }
  });

  it('passes a retryable failure on and keeps the reservation (the submission may have been accepted)', async () => {
    const { ledger, releases } = fakeLedger('reserved');
    const { submitter } = fakeSubmitter(new QuietpayError('bus_timeout', 'slow'));
    await expect(
      new SubmitChargeUseCase(ledger, submitter).execute({ settlementId: SETTLEMENT, waitForConfirmation: true, timeoutMs: 0 }),
    ).rejects.toMatchObject({ code: 'bus_timeout', retryable: true });
    expect(releases).toEqual([]);
  });
});
