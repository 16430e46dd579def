import { Controller } from '@nestjs/common';
import { replyOk, SessionOpenV1, type OpenSessionReply, type OpenSessionRequest } from '@quietpay/contracts';
import { BusHandler } from '@quietpay/platform';
import { OpenSessionUseCase } from './open-session.usecase';

@Controller()
export class OpenSessionHandler {
  constructor(private readonly openSession: OpenSessionUseCase) {}

  @BusHandler(SessionOpenV1)
  async open(request: OpenSessionRequest): Promise<OpenSessionReply> {
    return replyOk(await this.openSession.execute(request));
  }
}
