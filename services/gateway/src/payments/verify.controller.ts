import { Body, Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import type { VerifyResponse } from '@quietpay/x402';
import { ApiKeyGuard } from '../http/api-key.guard';
import { parseOr400 } from '../http/parse-body';
import { VerifySettleBodySchema } from './facilitator-body.schema';
import { FacilitatePaymentUseCase } from './facilitate-payment.usecase';

/** x402 `/verify`: 200 with a VerifyResponse whether or not the payment is valid; 400 for a malformed body. */
@Controller('verify')
@UseGuards(ApiKeyGuard)
export class VerifyController {
  constructor(private readonly facilitate: FacilitatePaymentUseCase) {}

  @Post()
  @HttpCode(200)
  verify(@Body() body: unknown): Promise<VerifyResponse> {
    return this.facilitate.verify(parseOr400(VerifySettleBodySchema, body));
  }
}
