import { Controller, Get, Param, Query, UseGuards } from '@nestjs/common';
import { Base58AddressSchema, PaymentIdSchema } from '@quietpay/x402';
import { z } from 'zod';
import { ApiKeyGuard } from '../http/api-key.guard';
import { parseOr400 } from '../http/parse-body';
import { LookupPrivatePaymentUseCase, type PrivatePaymentAnswer } from './lookup-private-payment.usecase';

const LookupQuerySchema = z.strictObject({ recipient: Base58AddressSchema });

/** px402 resource servers ask whether a private payment reached them (libs/server facilitatorPaymentLookup). */
@Controller('private/payments')
@UseGuards(ApiKeyGuard)
export class PrivatePaymentsController {
  constructor(private readonly lookup: LookupPrivatePaymentUseCase) {}

  @Get(':paymentId')
  find(@Param('paymentId') paymentId: string, @Query() query: unknown): Promise<PrivatePaymentAnswer> {
    const id = parseOr400(PaymentIdSchema, paymentId);
    const { recipient } = parseOr400(LookupQuerySchema, query);
    return this.lookup.execute(id, recipient);
  }
}
