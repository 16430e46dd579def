import { Body, Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import type { VerifyResponse } from '@quietpay/x402';
import { ApiKeyGuard } from '../http/api-key.guard';
import { parseOr400 } from '../http/parse-body';
import { PayCheckBodySchema, PayGetAmountBodySchema } from './pay.body';
import { type ClaimedAmount, PayOneShotUseCase } from './pay-one-shot.usecase';
import type { SettleAnswer } from '../schemes/facilitator-scheme.port';

/** The seed-compatible one-shot routes for resource servers (same API keys as /verify and /settle). */
@Controller('pay')
@UseGuards(ApiKeyGuard)
export class PayController {
  constructor(private readonly pay: PayOneShotUseCase) {}

  @Post('getAmount')
  @HttpCode(200)
  getAmount(@Body() body: unknown): ClaimedAmount {
    return this.pay.getAmount(parseOr400(PayGetAmountBodySchema, body).paymentHeader);
  }

  @Post('verify')
  @HttpCode(200)
  verify(@Body() body: unknown): Promise<VerifyResponse> {
    return this.pay.verify(parseOr400(PayCheckBodySchema, body));
  }

  @Post('settle')
  @HttpCode(200)
  settle(@Body() body: unknown): Promise<SettleAnswer> {
    return this.pay.settle(parseOr400(PayCheckBodySchema, body));
  }
}
