import { QuietpayError } from '@quietpay/platform';
import type { Charge } from '@quietpay/contracts';
import type { LedgerRepository, ReleaseOptions } from '../ledger/ledger.repository';
import type { ChargeState } from '../ledger/ledger.types';
import { sessionIdOfSettlement } from '../ledger/settlement-id';
import { toCharge } from './charge.mapper';
import { ledgerError } from '../shared/ledger.errors';

type Transition = { target: 'settled'; signature: string } | { target: 'released'; reason: string; options?: ReleaseOptions };

/**
 * Moves a reserved charge, found by its settlement id, to settled or released. Repeating the
 * same transition is answered with the charge as it stands (callers retry); the other
 * transition on a finished charge is refused, since it would un-pay or double-count a charge.
 */
export async function finishCharge(ledger: LedgerRepository, settlementId: string, transition: Transition): Promise<Charge> {
  const sessionId = sessionIdOfSettlement(settlementId);
  const key = sessionId ? await ledger.idempotencyKeyOf(sessionId, settlementId) : null;
  if (!sessionId || key === null) throw notFound(settlementId);
  const outcome =
    transition.target === 'settled'
      ? await ledger.settle(sessionId, key, transition.signature)
      : await ledger.release(sessionId, key, transition.reason, transition.options);
  if (!outcome.found) throw notFound(settlementId);
  if (outcome.inTransfer) {
    throw ledgerError('charge_in_transfer', 'a transfer claimed this charge: only its settlement may finish it', { context: { settlementId } });
  }
  if (outcome.state !== transition.target) throw conflict(settlementId, outcome.state, transition.target);
  const [charge, session] = await Promise.all([ledger.getCharge(sessionId, key), ledger.getSession(sessionId)]);
  if (!charge || !session) throw notFound(settlementId);
  return toCharge(charge, session);
}

function notFound(settlementId: string): QuietpayError {
  return ledgerError('charge_not_found', 'no charge with this settlement id', { context: { settlementId } });
}

function conflict(settlementId: string, state: ChargeState | null, target: ChargeState): QuietpayError {
  return ledgerError('invalid_transaction_state', `charge is ${state ?? 'unknown'}, cannot become ${target}`, {
    context: { settlementId, state: state ?? '' },
  });
}
