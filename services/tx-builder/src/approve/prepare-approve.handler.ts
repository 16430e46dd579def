import { Controller } from '@nestjs/common';
import { type PrepareApproveReply, type PrepareApproveRequest, replyOk, TxBuilderApprovePrepareV1 } from '@quietpay/contracts';
import { BusHandler } from '@quietpay/platform';
import { PrepareApproveUseCase } from './prepare-approve.usecase';

@Controller()
export class PrepareApproveHandler {
  constructor(private readonly prepareApprove: PrepareApproveUseCase) {}

  @BusHandler(TxBuilderApprovePrepareV1)
  async prepare(request: PrepareApproveRequest): Promise<PrepareApproveReply> {
    return replyOk(await this.prepareApprove.execute(request));
  }
}
