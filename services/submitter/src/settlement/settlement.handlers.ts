import { Controller } from '@nestjs/common';
import {
  GetSettlementReply,
  GetSettlementRequest,
  replyOk,
  SettlementStatusV1,
  SettlementSubmitV1,
  SubmitSettlementReply,
  SubmitSettlementRequest,
} from '@quietpay/contracts';
import { BusHandler } from '@quietpay/platform';
import { SettlementStore } from './settlement.store';
import { SubmitSettlementUseCase } from './submit-settlement.usecase';
import { submitterError } from '../submitter.errors';

@Controller()
export class SettlementHandlers {
  constructor(
    private readonly submit: SubmitSettlementUseCase,
    private readonly store: SettlementStore,
  ) {}

  @BusHandler(SettlementSubmitV1)
  async onSubmit(request: SubmitSettlementRequest): Promise<SubmitSettlementReply> {
    return replyOk(await this.submit.execute(request));
  }

  @BusHandler(SettlementStatusV1)
  async onStatus(request: GetSettlementRequest): Promise<GetSettlementReply> {
    const stored = await this.store.get(request.settlementId);
    if (!stored) throw submitterError('settlement_not_found', 'no such settlement', { context: { settlementId: request.settlementId } });
    return replyOk(stored.record);
  }
}
