import { Injectable } from '@nestjs/common';
import { SettlementRecord, SettlementStatusV1, SettlementSubmitV1, SubmissionReceipt, SubmitSettlementRequest } from '@quietpay/contracts';
import { BusClient, unwrapReply } from '@quietpay/platform';

/** The gateway's port to the submitter. */
@Injectable()
export class SubmitterClient {
  constructor(private readonly bus: BusClient) {}

  async submit(request: SubmitSettlementRequest, timeoutMs: number): Promise<SubmissionReceipt> {
    return unwrapReply(await this.bus.request(SettlementSubmitV1, request, { timeoutMs }), SettlementSubmitV1.subject);
  }

  /** The settlement's record (`settlement_not_found` when the submitter has none). */
  async status(settlementId: string): Promise<SettlementRecord> {
    return unwrapReply(await this.bus.request(SettlementStatusV1, { settlementId }), SettlementStatusV1.subject);
  }
}
