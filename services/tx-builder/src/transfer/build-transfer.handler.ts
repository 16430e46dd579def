import { Controller } from '@nestjs/common';
import {
  type BuildAuthorizedTransferReply,
  type BuildAuthorizedTransferRequest,
  type BuildTransferReply,
  type BuildTransferRequest,
  replyOk,
  TxBuilderTransferBuildV1,
  TxBuilderTransferBuildV2,
} from '@quietpay/contracts';
import { BusHandler } from '@quietpay/platform';
import { BuildTransferUseCase } from './build-transfer.usecase';

@Controller()
export class BuildTransferHandler {
  constructor(private readonly buildTransfer: BuildTransferUseCase) {}

  @BusHandler(TxBuilderTransferBuildV1)
  async build(request: BuildTransferRequest): Promise<BuildTransferReply> {
    return replyOk(await this.buildTransfer.execute(request));
  }

  @BusHandler(TxBuilderTransferBuildV2)
  async buildAuthorized(request: BuildAuthorizedTransferRequest): Promise<BuildAuthorizedTransferReply> {
    return replyOk(await this.buildTransfer.executeAuthorized(request));
  }
}
