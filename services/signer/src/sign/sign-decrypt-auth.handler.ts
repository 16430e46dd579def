import { Controller } from '@nestjs/common';
import { replyOk, type SignDecryptAuthReply, type SignDecryptAuthRequest, SignerDecryptAuthSignV1 } from '@quietpay/contracts';
import { BusHandler } from '@quietpay/platform';
import { SignDecryptAuthUseCase } from './sign-decrypt-auth.usecase';

@Controller()
export class SignDecryptAuthHandler {
  constructor(private readonly signDecryptAuth: SignDecryptAuthUseCase) {}

  @BusHandler(SignerDecryptAuthSignV1)
  sign(request: SignDecryptAuthRequest): SignDecryptAuthReply {
    return replyOk(this.signDecryptAuth.execute(request));
  }
}
