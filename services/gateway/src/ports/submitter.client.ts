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

  /**
   * The settlement's record (`settlement_not_found` when the submitter has none); `timeoutMs`
   * gives up sooner than the bus default (a /settle following its settlement).
   */
  async status(settlementId: string, timeoutMs?: number): Promise<SettlementRecord> {
    return unwrapReply(await this.bus.request(SettlementStatusV1, { settlementId }, { timeoutMs }), SettlementStatusV1.subject);
  }
}
