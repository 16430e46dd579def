import { Controller } from '@nestjs/common';
import { LookupPaymentReply, LookupPaymentRequest, PrivatePaymentLookupV1, replyOk } from '@quietpay/contracts';
import { BusHandler } from '@quietpay/platform';
import { LookupPaymentUseCase } from './lookup-payment.usecase';

@Controller()
export class LookupPaymentHandler {
  constructor(private readonly lookup: LookupPaymentUseCase) {}

  @BusHandler(PrivatePaymentLookupV1)
  async handle(request: LookupPaymentRequest): Promise<LookupPaymentReply> {
    return replyOk(await this.lookup.execute(request.paymentId, request.recipient === '' ? undefined : request.recipient));
  }
}
