import { Controller } from '@nestjs/common';
import {
  replyOk,
  SessionChargesListV1,
  SessionListV1,
  SessionOperatorCloseV1,
  type CloseSessionReply,
  type ListChargesReply,
  type ListChargesRequest,
  type ListSessionsReply,
  type ListSessionsRequest,
  type OperatorCloseSessionRequest,
} from '@quietpay/contracts';
import { BusHandler } from '@quietpay/platform';
import { CloseSessionUseCase } from './close-session.usecase';
import { ListChargesUseCase } from './list-charges.usecase';
import { ListSessionsUseCase } from './list-sessions.usecase';

/** The operator's subjects (session_listing.proto), requested only by the gateway's admin API. */
@Controller()
export class OperatorHandler {
  constructor(
    private readonly listSessions: ListSessionsUseCase,
    private readonly listCharges: ListChargesUseCase,
    private readonly closeSession: CloseSessionUseCase,
  ) {}

  @BusHandler(SessionListV1)
  async list(request: ListSessionsRequest): Promise<ListSessionsReply> {
    return replyOk(await this.listSessions.execute(request));
  }

  @BusHandler(SessionChargesListV1)
  async charges(request: ListChargesRequest): Promise<ListChargesReply> {
    return replyOk(await this.listCharges.execute(request));
  }

  @BusHandler(SessionOperatorCloseV1)
  async close(request: OperatorCloseSessionRequest): Promise<CloseSessionReply> {
    return replyOk(await this.closeSession.executeAsOperator(request));
  }
}
