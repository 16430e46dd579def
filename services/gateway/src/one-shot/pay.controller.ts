import { Body, Controller, HttpCode, Inject, Post, Req, UseGuards } from '@nestjs/common';
import { SERVICE_CONFIG } from '@quietpay/platform';
import type { Request } from 'express';
import type { GatewayConfig } from '../config.schema';
import type { VerifyResponse } from '@quietpay/x402';
import { ApiKeyGuard } from '../http/api-key.guard';
import { parseOr400 } from '../http/parse-body';
import { paymentCallerOf } from '../rate-limit/payment-caller';
import { PayCheckBodySchema, PayGetAmountBodySchema } from './pay.body';
import { type ClaimedAmount, PayOneShotUseCase } from './pay-one-shot.usecase';
import type { SettleAnswer } from '../schemes/facilitator-scheme.port';

/** The seed-compatible one-shot routes for resource servers (same API keys as /verify and /settle). */
@Controller('pay')
@UseGuards(ApiKeyGuard)
export class PayController {
  constructor(
    private readonly pay: PayOneShotUseCase,
    @Inject(SERVICE_CONFIG) private readonly config: GatewayConfig,
  ) {}

  @Post('getAmount')
  @HttpCode(200)
  getAmount(@Body() body: unknown): ClaimedAmount {
    return this.pay.getAmount(parseOr400(PayGetAmountBodySchema, body).paymentHeader);
  }

  @Post('verify')
  @HttpCode(200)
  verify(@Body() body: unknown, @Req() request: Request): Promise<VerifyResponse> {
    return this.pay.verify(parseOr400(PayCheckBodySchema, body), paymentCallerOf(request, this.config.GATEWAY_TRUSTED_PROXIES));
  }

  @Post('settle')
  @HttpCode(200)
  settle(@Body() body: unknown, @Req() request: Request): Promise<SettleAnswer> {
    return this.pay.settle(parseOr400(PayCheckBodySchema, body), paymentCallerOf(request, this.config.GATEWAY_TRUSTED_PROXIES));
  }
}
