import { Injectable } from '@nestjs/common';
import { SettlementRecord, SettlementStatusV1 } from '@quietpay/contracts';
import { BusClient, unwrapReply } from '@quietpay/platform';

/**
 * The gateway's port to the submitter: read-only. Submitting goes through the ledger
 * (SessionLedgerClient.submit), the only bus peer allowed to request settlement.submit.
 */
@Injectable()
export class SubmitterClient {
  constructor(private readonly bus: BusClient) {}

  /** The settlement's record (`settlement_not_found` when the submitter has none). */
  async status(settlementId: string): Promise<SettlementRecord> {
    return unwrapReply(await this.bus.request(SettlementStatusV1, { settlementId }), SettlementStatusV1.subject);
  }
}
