import { Controller } from '@nestjs/common';
import {
  replyOk,
  SessionChargeCommitV1,
  SessionChargeReleaseV1,
  SessionChargeServeV1,
  SessionChargeSettleV1,
  SessionChargeOpenListV1,
  SessionChargeSubmitV1,
  type CommitChargeReply,
  type ListOpenChargesReply,
  type ListOpenChargesRequest,
  type ServeChargeReply,
  type ServeChargeRequest,
  type SettleChargeReply,
  type SettleChargeRequest,
  type CommitChargeRequest,
  type ReleaseChargeReply,
  type ReleaseChargeRequest,
  type SubmitChargeReply,
  type SubmitChargeRequest,
} from '@quietpay/contracts';
import { BusHandler } from '@quietpay/platform';
import { CommitChargeUseCase } from './commit-charge.usecase';
import { ListOpenChargesUseCase } from './list-open-charges.usecase';
import { ReleaseChargeUseCase } from './release-charge.usecase';
import { ServeChargeUseCase } from './serve-charge.usecase';
import { SettleChargeUseCase } from './settle-charge.usecase';
import { SubmitChargeUseCase } from './submit-charge.usecase';

/**
 * A reserved charge handed to settlement (alone, or with its reservation and serve in one request), the settlement side's two outcomes for it, its one
 * serve, and the open ones.
 */
@Controller()
export class ChargeHandler {
  constructor(
    private readonly commitCharge: CommitChargeUseCase,
    private readonly releaseCharge: ReleaseChargeUseCase,
    private readonly serveCharge: ServeChargeUseCase,
    private readonly listOpen: ListOpenChargesUseCase,
    private readonly submitCharge: SubmitChargeUseCase,
    private readonly settleCharge: SettleChargeUseCase,
  ) {}

  @BusHandler(SessionChargeSubmitV1)
  async submit(request: SubmitChargeRequest): Promise<SubmitChargeReply> {
    return replyOk(await this.submitCharge.execute(request));
  }

  /** Batched /settle in one request: reserve, hand-off and serve claim (settle-charge.usecase.ts). */
  @BusHandler(SessionChargeSettleV1)
  async settle(request: SettleChargeRequest): Promise<SettleChargeReply> {
    return replyOk(await this.settleCharge.execute(request));
  }

  @BusHandler(SessionChargeCommitV1)
  async commit(request: CommitChargeRequest): Promise<CommitChargeReply> {
    return replyOk(await this.commitCharge.execute(request));
  }

  @BusHandler(SessionChargeReleaseV1)
  async release(request: ReleaseChargeRequest): Promise<ReleaseChargeReply> {
    return replyOk(await this.releaseCharge.execute(request));
  }

  @BusHandler(SessionChargeServeV1)
  async serve(request: ServeChargeRequest): Promise<ServeChargeReply> {
    return replyOk(await this.serveCharge.execute(request));
  }

  @BusHandler(SessionChargeOpenListV1)
  async openCharges(request: ListOpenChargesRequest): Promise<ListOpenChargesReply> {
    return replyOk(await this.listOpen.execute(request));
  }
}
