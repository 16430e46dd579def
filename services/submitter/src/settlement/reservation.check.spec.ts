import { type Charge, ChargeState, type SubmitSettlementRequest } from '@quietpay/contracts';
import { describe, expect, it } from 'vitest';
import { checkAgainstReservation } from './reservation.check';

const request: SubmitSettlementRequest = { settlementId: 's1.c1', idempotencyKey: 'k', sessionId: 's1', amount: '10000', waitForConfirmation: true };
const charge: Charge = {
  settlementId: 's1.c1',
  sessionId: 's1',
  idempotencyKey: 'k',
  amount: '10000',
  state: ChargeState.RESERVED,
  spent: '10000',
  cap: '1000000',
  duplicate: false,
  payer: 'u',
};
const codeOf = (r: SubmitSettlementRequest, c: Charge): string => {
  try {
    checkAgainstReservation(r, c);
    return 'accepted';
  } catch (error) {
    return (error as { code: string }).code;
  }
};

describe('checkAgainstReservation', () => {
  it.each([
    ['the reservation as the ledger holds it', request, charge, 'accepted'],
    ['an inflated amount', { ...request, amount: '500000' }, charge, 'settlement_mismatch'],
    ['another session', { ...request, sessionId: 's2' }, charge, 'settlement_mismatch'],
    ['a released charge', request, { ...charge, state: ChargeState.RELEASED }, 'charge_not_reserved'],
    ['a settled charge', request, { ...charge, state: ChargeState.COMMITTED }, 'charge_not_reserved'],
  ] as const)('%s', (_name, r, c, expected) => {
    expect(codeOf(r, c)).toBe(expected);
  });
});
