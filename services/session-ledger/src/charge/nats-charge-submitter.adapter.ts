import { SettlementSubmitV1, type SubmissionReceipt, type SubmitSettlementRequest } from '@quietpay/contracts';
import { BusClient, unwrapReply } from '@quietpay/platform';
import type { ChargeSubmitter } from './charge-submitter.port';

/** ChargeSubmitter over NATS (`quietpay.settlement.submit.v1`, which only the ledger may request). */
export class NatsChargeSubmitter implements ChargeSubmitter {
  constructor(private readonly bus: BusClient) {}

  async submit(request: SubmitSettlementRequest, timeoutMs: number): Promise<SubmissionReceipt> {
    return unwrapReply(await this.bus.request(SettlementSubmitV1, request, { timeoutMs }), SettlementSubmitV1.subject);
  }
}
