import { Body, Controller, HttpCode, Inject, Post, Req, UseGuards } from '@nestjs/common';
import { SERVICE_CONFIG } from '@quietpay/platform';
import type { Request } from 'express';
import type { GatewayConfig } from '../config.schema';
import type { VerifyResponse } from '@quietpay/x402';
import { ApiKeyGuard } from '../http/api-key.guard';
import { parseOr400 } from '../http/parse-body';
import { paymentCallerOf } from '../rate-limit/payment-caller';
import { VerifySettleRequestSchema } from './facilitator-body.schema';
import { FacilitatePaymentUseCase } from './facilitate-payment.usecase';

/** x402 `/verify`: 200 with a VerifyResponse whether or not the payment is valid; 400 for a malformed body. */
@Controller('verify')
@UseGuards(ApiKeyGuard)
export class VerifyController {
  constructor(
    private readonly facilitate: FacilitatePaymentUseCase,
    @Inject(SERVICE_CONFIG) private readonly config: GatewayConfig,
  ) {}

  @Post()
  @HttpCode(200)
  verify(@Body() body: unknown, @Req() request: Request): Promise<VerifyResponse> {
    return this.facilitate.verify(parseOr400(VerifySettleRequestSchema, body), paymentCallerOf(request, this.config.GATEWAY_TRUSTED_PROXIES));
  }
}
