import { Controller } from '@nestjs/common';
import { CrankKeeperStatusV1, GetCrankStatusReply, replyOk } from '@quietpay/contracts';
import { BusHandler } from '@quietpay/platform';
import { CrankStatusUseCase } from './crank-status.usecase';

@Controller()
export class CrankStatusHandler {
  constructor(private readonly status: CrankStatusUseCase) {}

  @BusHandler(CrankKeeperStatusV1)
  async handle(): Promise<GetCrankStatusReply> {
    return replyOk(await this.status.execute());
  }
}
