import { Injectable } from '@nestjs/common';
import type { Charge, GetChargeRequest } from '@quietpay/contracts';
import { LedgerRepository } from '../ledger/ledger.repository';
import { toCharge } from './charge.mapper';
import { ledgerError } from '../shared/ledger.errors';

/** A charge as the ledger records it, by settlement id: what a settlement is checked against. */
@Injectable()
export class GetChargeUseCase {
  constructor(private readonly ledger: LedgerRepository) {}

  async execute(request: GetChargeRequest): Promise<Charge> {
    const at = await this.ledger.locate(request.settlementId);
    const [charge, session] = at
      ? await Promise.all([this.ledger.getCharge(at.sessionId, at.idempotencyKey), this.ledger.getSession(at.sessionId)])
      : [null, null];
    if (!charge || !session) throw ledgerError('charge_not_found', 'no charge with this settlement id', { context: { settlementId: request.settlementId } });
    return toCharge(charge, session);
  }
}
