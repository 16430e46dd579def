import { Controller } from '@nestjs/common';
import {
  replyOk,
  SessionCloseV1,
  SessionGetV1,
  type CloseSessionReply,
  type CloseSessionRequest,
  type GetSessionReply,
  type GetSessionRequest,
} from '@quietpay/contracts';
import { BusHandler } from '@quietpay/platform';
import { CloseSessionUseCase } from './close-session.usecase';
import { GetSessionUseCase } from './get-session.usecase';

@Controller()
export class SessionHandler {
  constructor(
    private readonly getSession: GetSessionUseCase,
    private readonly closeSession: CloseSessionUseCase,
  ) {}

  @BusHandler(SessionGetV1)
  async get(request: GetSessionRequest): Promise<GetSessionReply> {
    return replyOk(await this.getSession.execute(request));
  }

  @BusHandler(SessionCloseV1)
  async close(request: CloseSessionRequest): Promise<CloseSessionReply> {
    return replyOk(await this.closeSession.execute(request));
  }
}
