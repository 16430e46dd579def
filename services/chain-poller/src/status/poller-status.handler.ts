import { Controller } from '@nestjs/common';
import { ChainPollerStatusV1, GetPollerStatusReply, replyOk } from '@quietpay/contracts';
import { BusHandler } from '@quietpay/platform';
import { PollerStatusUseCase } from './poller-status.usecase';

@Controller()
export class PollerStatusHandler {
  constructor(private readonly status: PollerStatusUseCase) {}

  @BusHandler(ChainPollerStatusV1)
  async handle(): Promise<GetPollerStatusReply> {
    return replyOk(await this.status.execute());
  }
}
