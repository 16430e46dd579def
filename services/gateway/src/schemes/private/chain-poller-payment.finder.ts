import { Injectable } from '@nestjs/common';
import { PaymentLookupState } from '@quietpay/contracts';
import { ChainPollerClient } from '../../ports/chain-poller.client';
import type { PrivatePaymentFinder } from './private-payment-finder.port';
import type { ObservedPrivatePayment } from './private-verify.decision';

/** chain-poller's `quietpay.private.payment.lookup.v1`: FOUND with the settlement, or PENDING. */
@Injectable()
export class ChainPollerPaymentFinder implements PrivatePaymentFinder {
  constructor(private readonly poller: ChainPollerClient) {}

  async find(paymentId: string, recipient: string): Promise<ObservedPrivatePayment | undefined> {
    const lookup = await this.poller.lookup(paymentId, recipient);
    const p = lookup.payment;
    if (lookup.state !== PaymentLookupState.FOUND || p === undefined) return undefined;
    return { paymentId: p.paymentId, recipient: p.recipient, mint: p.mint, amount: p.amount, signature: p.signature };
  }
}
