import { type Charge, ChargeState, type SettleChargeRequest, SettlementStatus, type SubmissionReceipt } from '@quietpay/contracts';
import { QuietpayError } from '@quietpay/platform';
import { describe, expect, it } from 'vitest';
import type { ReserveChargeUseCase } from '../payment/reserve-charge.usecase';
import type { ServeChargeUseCase } from './serve-charge.usecase';
import { SettleChargeUseCase } from './settle-charge.usecase';
import type { SubmitChargeUseCase } from './submit-charge.usecase';

const CHARGE: Charge = {
  settlementId: 'sess-1.11111111-2222-3333-4444-555555555555',
  sessionId: 'sess-1',
  idempotencyKey: 'payment-key',
  amount: '10000',
  state: ChargeState.RESERVED,
  spent: '10000',
  cap: '1000000',
  duplicate: false,
  payer: 'user',
};
const REQUEST = { idempotencyKey: 'payment-key', serveToken: 'token-a', timeoutMs: 5_000, resource: '' } as unknown as SettleChargeRequest;
const receipt = (status: SettlementStatus, accepted = true): SubmissionReceipt => ({
  settlementId: CHARGE.settlementId,
  accepted,
  duplicate: false,
  status,
  signature: '',
  failureReason: '',
  transferAmount: '0',
  transferCharges: 0,
});

/** The three steps as fakes (pure: no Redis, no bus), recording what each was asked. */
function steps(o: { reserve?: Charge | QuietpayError; handOff?: SubmissionReceipt | QuietpayError; claim?: QuietpayError }) {
  const asked = { handOffs: [] as unknown[], claims: [] as string[] };
  const answer = <T>(value: T | QuietpayError): Promise<T> => (value instanceof QuietpayError ? Promise.reject(value) : Promise.resolve(value));
  const reserve = { execute: () => answer(o.reserve ?? CHARGE) } as unknown as ReserveChargeUseCase;
  const submit = {
    handOff: (record: unknown, request: unknown) => {
      asked.handOffs.push({ record, request });
      return answer(o.handOff ?? receipt(SettlementStatus.QUEUED));
    },
  } as unknown as SubmitChargeUseCase;
  const serve = {
    claim: (_settlementId: string, _sessionId: string, _key: string, token: string) => {
      asked.claims.push(token);
      return o.claim ? Promise.reject(o.claim) : Promise.resolve();
    },
  } as unknown as ServeChargeUseCase;
  return { useCase: new SettleChargeUseCase(reserve, submit, serve), asked };
}

describe('SettleChargeUseCase (batched /settle in one request)', () => {
  it('reserves, hands the reserved record over without waiting for the chain, and claims the serve for the token', async () => {
    const { useCase, asked } = steps({});
    await expect(useCase.execute(REQUEST)).resolves.toMatchObject({ charge: CHARGE, receipt: { status: SettlementStatus.QUEUED }, served: true });
    expect(asked.handOffs).toEqual([{ record: CHARGE, request: { waitForConfirmation: false, timeoutMs: 5_000 } }]);
    expect(asked.claims).toEqual(['token-a']);
  });

  it('a refused reservation is the error: nothing handed over, nothing served', async () => {
    const { useCase, asked } = steps({ reserve: new QuietpayError('cap_exceeded', 'cap', { retryable: false }) });
    await expect(useCase.execute(REQUEST)).rejects.toMatchObject({ code: 'cap_exceeded' });
    expect(asked).toEqual({ handOffs: [], claims: [] });
  });

  it('a released charge (a repeat of one that failed) is neither handed over nor served', async () => {
    const released = { ...CHARGE, state: ChargeState.RELEASED };
    const { useCase, asked } = steps({ reserve: released });
    await expect(useCase.execute(REQUEST)).resolves.toEqual({ charge: released, served: false });
    expect(asked).toEqual({ handOffs: [], claims: [] });
  });

  it('a failed hand-off is answered with its error and serves nothing', async () => {
    const { useCase, asked } = steps({ handOff: new QuietpayError('bus_timeout', 'no reply', { retryable: true }) });
    await expect(useCase.execute(REQUEST)).resolves.toMatchObject({ submitError: { code: 'bus_timeout', retryable: true }, served: false });
    expect(asked.claims).toEqual([]);
  });

  it('a hand-off that is not a success (failed, or not accepted) claims no serve', async () => {
    for (const handOff of [receipt(SettlementStatus.FAILED), receipt(SettlementStatus.QUEUED, false)]) {
      const { useCase, asked } = steps({ handOff });
      await expect(useCase.execute(REQUEST)).resolves.toMatchObject({ receipt: handOff, served: false });
      expect(asked.claims).toEqual([]);
    }
  });

  it('a serve another token holds is answered as a refusal, not served', async () => {
    const { useCase } = steps({ claim: new QuietpayError('nonce_replayed', 'served', { retryable: false }) });
    await expect(useCase.execute(REQUEST)).resolves.toMatchObject({ served: false, serveError: { code: 'nonce_replayed', retryable: false } });
  });
});
