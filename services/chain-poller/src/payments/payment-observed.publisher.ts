import { Injectable } from '@nestjs/common';
import { ObservedPayment, PrivatePaymentObservedV1 } from '@quietpay/contracts';
import { EventBus } from '@quietpay/platform';

export interface ObservedPaymentPublisher {
  publish(payment: ObservedPayment): Promise<void>;
}

/**
 * `quietpay.private.payment.observed.v1` on JetStream. The message id is signature:clientRefId,
 * so re-applying a chunk after a crash (or a second replica) is stored once.
 */
@Injectable()
export class PaymentObservedPublisher implements ObservedPaymentPublisher {
  constructor(private readonly events: EventBus) {}

  async publish(payment: ObservedPayment): Promise<void> {
    await this.events.publish(PrivatePaymentObservedV1, { payment }, `${payment.signature}:${payment.paymentId}`);
  }
}
