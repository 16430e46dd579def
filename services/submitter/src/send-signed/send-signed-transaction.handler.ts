import { Controller } from '@nestjs/common';
import { replyOk, SendSignedTransactionReply, SendSignedTransactionRequest, SettlementTransactionSendV1 } from '@quietpay/contracts';
import { BusHandler } from '@quietpay/platform';
import { SendSignedTransactionUseCase } from './send-signed-transaction.usecase';

@Controller()
export class SendSignedTransactionHandler {
  constructor(private readonly send: SendSignedTransactionUseCase) {}

  @BusHandler(SettlementTransactionSendV1)
  async handle(request: SendSignedTransactionRequest): Promise<SendSignedTransactionReply> {
    return replyOk(await this.send.execute(request));
  }
}
