import { Injectable } from '@nestjs/common';
import type { ListOpenChargesRequest, ListOpenChargesResult } from '@quietpay/contracts';
import { LedgerRepository } from '../ledger/ledger.repository';
import { sessionIdOfSettlement } from '../ledger/settlement-id';

const DEFAULT_LIMIT = 500;
const MAX_LIMIT = 5_000;

/**
 * Reserved charges older than a bound (Redis time), oldest first, for the reconciler: a
 * reservation whose submit never reached the submitter (its gateway died in between) exists only
 * here. The index is a superset (see OPEN_CHARGE_INDEX_SCRIPT): ids whose charge keys expired, that
 * never became a charge, or whose charge has finished are dropped from it as they are met.
 */
@Injectable()
export class ListOpenChargesUseCase {
  constructor(private readonly ledger: LedgerRepository) {}

  async execute(request: ListOpenChargesRequest): Promise<ListOpenChargesResult> {
    const limit = Math.min(request.limit || DEFAULT_LIMIT, MAX_LIMIT);
    const open = await this.ledger.openCharges(Number(request.olderThanMs), limit);
    const charges = [];
    for (const { settlementId, reservedAtMs } of open) {
      const sessionId = sessionIdOfSettlement(settlementId);
      const at = sessionId ? await this.ledger.locate(settlementId) : null;
      const charge = at ? await this.ledger.getCharge(at.sessionId, at.idempotencyKey) : null;
      if (!sessionId || charge?.state !== 'reserved') {
        await this.ledger.forgetOpenCharge(settlementId);
        continue;
      }
      charges.push({ settlementId, sessionId, reservedAtMs: String(reservedAtMs) });
    }
    return { charges };
  }
}
