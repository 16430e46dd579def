import { Controller } from '@nestjs/common';
import {
  replyOk,
  SessionChargeCommitV1,
  SessionChargeReleaseV1,
  type CommitChargeReply,
  type CommitChargeRequest,
  type ReleaseChargeReply,
  type ReleaseChargeRequest,
} from '@quietpay/contracts';
import { BusHandler } from '@quietpay/platform';
import { CommitChargeUseCase } from './commit-charge.usecase';
import { ReleaseChargeUseCase } from './release-charge.usecase';

/** The settlement side's two outcomes for a reserved charge. */
@Controller()
export class ChargeHandler {
  constructor(
    private readonly commitCharge: CommitChargeUseCase,
    private readonly releaseCharge: ReleaseChargeUseCase,
  ) {}

  @BusHandler(SessionChargeCommitV1)
  async commit(request: CommitChargeRequest): Promise<CommitChargeReply> {
    return replyOk(await this.commitCharge.execute(request));
  }

  @BusHandler(SessionChargeReleaseV1)
  async release(request: ReleaseChargeRequest): Promise<ReleaseChargeReply> {
    return replyOk(await this.releaseCharge.execute(request));
  }
}
