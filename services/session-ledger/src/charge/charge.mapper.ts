import { ChargeState, type Charge } from '@quietpay/contracts';
import type { ChargeRecord, ChargeState as LedgerChargeState, SessionRecord } from '../ledger/ledger.types';

const STATES: Readonly<Record<LedgerChargeState, ChargeState>> = {
  reserved: ChargeState.RESERVED,
  settled: ChargeState.COMMITTED,
  released: ChargeState.RELEASED,
};

export function toCharge(record: ChargeRecord, session: Pick<SessionRecord, 'spent' | 'cap' | 'user'>, duplicate = false): Charge {
  return {
    settlementId: record.chargeId,
    sessionId: record.sessionId,
    idempotencyKey: record.idempotencyKey,
    amount: record.amount,
    state: STATES[record.state],
    spent: session.spent,
    cap: session.cap,
    duplicate,
    payer: session.user,
  };
}
