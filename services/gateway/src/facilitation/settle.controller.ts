import { Body, Controller, HttpCode, Inject, Post, Req, UseGuards } from '@nestjs/common';
import { SERVICE_CONFIG } from '@quietpay/platform';
import type { Request } from 'express';
import type { GatewayConfig } from '../config.schema';
import { ApiKeyGuard } from '../http/api-key.guard';
import { parseOr400 } from '../http/parse-body';
import { paymentCallerOf } from '../rate-limit/payment-caller';
import { VerifySettleRequestSchema } from './facilitator-body.schema';
import { FacilitatePaymentUseCase } from './facilitate-payment.usecase';
import type { SettleAnswer } from '../schemes/facilitator-scheme.port';

/** x402 `/settle`: 200 with a SettleAnswer (success or not); 400 for a malformed body. */
@Controller('settle')
@UseGuards(ApiKeyGuard)
export class SettleController {
  constructor(
    private readonly facilitate: FacilitatePaymentUseCase,
    @Inject(SERVICE_CONFIG) private readonly config: GatewayConfig,
  ) {}

  @Post()
  @HttpCode(200)
  settle(@Body() body: unknown, @Req() request: Request): Promise<SettleAnswer> {
    return this.facilitate.settle(parseOr400(VerifySettleRequestSchema, body), paymentCallerOf(request, this.config.GATEWAY_TRUSTED_PROXIES));
  }
}
