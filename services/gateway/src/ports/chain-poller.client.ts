import { Injectable } from '@nestjs/common';
import { PaymentLookup, PrivatePaymentLookupV1 } from '@quietpay/contracts';
import { BusClient } from '@quietpay/platform';
import { unwrapReply } from '@quietpay/platform';

/** The gateway's port to chain-poller's index of private settlements. */
@Injectable()
export class ChainPollerClient {
  constructor(private readonly bus: BusClient) {}

  async lookup(paymentId: string, recipient: string): Promise<PaymentLookup> {
    return unwrapReply(await this.bus.request(PrivatePaymentLookupV1, { paymentId, recipient }), PrivatePaymentLookupV1.subject);
  }
}
