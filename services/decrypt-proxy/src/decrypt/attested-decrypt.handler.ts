import { Controller } from '@nestjs/common';
import { AttestedDecryptReply, AttestedDecryptRequest, DecryptAttestedV1, replyOk } from '@quietpay/contracts';
import { BusHandler } from '@quietpay/platform';
import { AttestedDecryptUseCase } from './attested-decrypt.usecase';

@Controller()
export class AttestedDecryptHandler {
  constructor(private readonly decrypt: AttestedDecryptUseCase) {}

  @BusHandler(DecryptAttestedV1)
  async handle(request: AttestedDecryptRequest): Promise<AttestedDecryptReply> {
    return replyOk(await this.decrypt.execute(request));
  }
}
