import { Injectable } from '@nestjs/common';
import type { Charge, CommitChargeRequest } from '@quietpay/contracts';
import { AccountFacilitatorSpend } from '../budget/account-facilitator-spend';
import { LedgerRepository } from '../ledger/ledger.repository';
import { finishCharge } from './finish-charge';

/**
 * Records the confirmed on-chain signature that paid a reserved charge, then what that transaction
 * cost the facilitator against the session's lamport budget (once per signature), which replaces
 * the charge's lamport hold (its estimate, counted since the reservation).
 */
@Injectable()
export class CommitChargeUseCase {
  constructor(
    private readonly ledger: LedgerRepository,
    private readonly spend: AccountFacilitatorSpend,
  ) {}

  async execute(request: CommitChargeRequest): Promise<Charge> {
    const charge = await finishCharge(this.ledger, request.settlementId, { target: 'settled', signature: request.signature });
    await this.spend.account(charge.sessionId, [request.signature], 'settlement', charge.idempotencyKey);
    return charge;
  }
}
