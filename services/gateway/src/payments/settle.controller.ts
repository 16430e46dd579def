import { Body, Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiKeyGuard } from '../http/api-key.guard';
import { parseOr400 } from '../http/parse-body';
import { VerifySettleBodySchema } from './facilitator-body.schema';
import { FacilitatePaymentUseCase } from './facilitate-payment.usecase';
import type { SettleAnswer } from '../schemes/facilitator-scheme.port';

/** x402 `/settle`: 200 with a SettleAnswer (success or not); 400 for a malformed body. */
@Controller('settle')
@UseGuards(ApiKeyGuard)
export class SettleController {
  constructor(private readonly facilitate: FacilitatePaymentUseCase) {}

  @Post()
  @HttpCode(200)
  settle(@Body() body: unknown): Promise<SettleAnswer> {
    return this.facilitate.settle(parseOr400(VerifySettleBodySchema, body));
  }
}
