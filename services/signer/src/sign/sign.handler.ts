import { Controller } from '@nestjs/common';
import { replyOk, type SignReply, type SignRequest, type SignSettlementTransferRequest, SignerSignV1, SignerTransferSignV1 } from '@quietpay/contracts';
import { BusHandler } from '@quietpay/platform';
import { SignTransactionUseCase } from './sign-transaction.usecase';

@Controller()
export class SignHandler {
  constructor(private readonly signTransaction: SignTransactionUseCase) {}

  @BusHandler(SignerSignV1)
  sign(request: SignRequest): SignReply {
    return replyOk(this.signTransaction.execute(request));
  }

  @BusHandler(SignerTransferSignV1)
  signSettlementTransfer(request: SignSettlementTransferRequest): SignReply {
    return replyOk(this.signTransaction.executeSettlement(request));
  }
}
