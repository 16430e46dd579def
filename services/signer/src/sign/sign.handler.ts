import { Controller } from '@nestjs/common';
import { replyOk, type SignReply, type SignRequest, SignerSignV1 } from '@quietpay/contracts';
import { BusHandler } from '@quietpay/platform';
import { SignTransactionUseCase } from './sign-transaction.usecase';

@Controller()
export class SignHandler {
  constructor(private readonly signTransaction: SignTransactionUseCase) {}

  @BusHandler(SignerSignV1)
  sign(request: SignRequest): SignReply {
    return replyOk(this.signTransaction.execute(request));
  }
}
