import { Charge, ChargeState, SubmitSettlementRequest } from '@quietpay/contracts';
import { submitterError } from '../submitter.errors';

/**
 * A submit is accepted only for a charge the ledger holds as reserved, for the same session and
 * amount: the submit's own figures are a claim, the ledger's record is the fact. An unknown id is
 * the ledger's own `charge_not_found`; a settled or released one, or one whose session or amount
 * differs, is refused here. Nothing is recorded or queued for a refused submit.
 */
export function checkAgainstReservation(request: SubmitSettlementRequest, charge: Charge): void {
  const context = { settlementId: request.settlementId };
  if (charge.state !== ChargeState.RESERVED) {
    throw submitterError('charge_not_reserved', 'the ledger holds no reservation for this settlement (settled or released)', { context });
  }
  if (charge.sessionId !== request.sessionId || charge.amount !== request.amount) {
    throw submitterError('settlement_mismatch', "the submit's session or amount differs from the ledger's reservation", { context });
  }
}
