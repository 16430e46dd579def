import { Injectable } from '@nestjs/common';
import type { Charge, CommitChargeRequest } from '@quietpay/contracts';
import { LedgerRepository } from '../ledger/ledger.repository';
import { finishCharge } from './finish-charge';

/** Records the confirmed on-chain signature that paid a reserved charge. */
@Injectable()
export class CommitChargeUseCase {
  constructor(private readonly ledger: LedgerRepository) {}

  execute(request: CommitChargeRequest): Promise<Charge> {
    return finishCharge(this.ledger, request.settlementId, { target: 'settled', signature: request.signature });
  }
}
