import { Controller } from '@nestjs/common';
import {
  replyOk,
  SessionChargeReserveV1,
  SessionPaymentVerifyV1,
  type ReserveChargeReply,
  type ReserveChargeRequest,
  type VerifyPaymentReply,
  type VerifyPaymentRequest,
} from '@quietpay/contracts';
import { BusHandler } from '@quietpay/platform';
import { ReserveChargeUseCase } from './reserve-charge.usecase';
import { VerifyPaymentUseCase } from './verify-payment.usecase';

/** `/verify` and `/settle`'s reservation: both run the same checks (payment-request.check.ts). */
@Controller()
export class PaymentHandler {
  constructor(
    private readonly verifyPayment: VerifyPaymentUseCase,
    private readonly reserveCharge: ReserveChargeUseCase,
  ) {}

  @BusHandler(SessionPaymentVerifyV1)
  async verify(request: VerifyPaymentRequest): Promise<VerifyPaymentReply> {
    return replyOk(await this.verifyPayment.execute(request));
  }

  @BusHandler(SessionChargeReserveV1)
  async reserve(request: ReserveChargeRequest): Promise<ReserveChargeReply> {
    return replyOk(await this.reserveCharge.execute(request));
  }
}
