import { Injectable } from '@nestjs/common';
import type { Charge, ReleaseChargeRequest } from '@quietpay/contracts';
import { LedgerRepository } from '../ledger/ledger.repository';
import { finishCharge } from './finish-charge';

/** Gives a reserved charge's amount back to the session after a recorded settlement failure. */
@Injectable()
export class ReleaseChargeUseCase {
  constructor(private readonly ledger: LedgerRepository) {}

  execute(request: ReleaseChargeRequest): Promise<Charge> {
    return finishCharge(this.ledger, request.settlementId, {
      target: 'released',
      reason: request.reason,
      options: { suspendSession: request.suspendSession, onlyIfUnclaimed: request.onlyIfUnclaimed },
    });
  }
}
