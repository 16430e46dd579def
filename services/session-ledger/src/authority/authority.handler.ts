import { Controller } from '@nestjs/common';
import {
  replyOk,
  SessionChargeAuthorizeV1,
  SessionChargeBatchAuthorizeV1,
  SessionChargeGetV1,
  type AuthorizeBatchReply,
  type AuthorizeBatchRequest,
  type AuthorizeChargeReply,
  type AuthorizeChargeRequest,
  type GetChargeReply,
  type GetChargeRequest,
} from '@quietpay/contracts';
import { BusHandler } from '@quietpay/platform';
import { GetChargeUseCase } from '../charge/get-charge.usecase';
import { AuthorizeChargesUseCase } from './authorize-charges.usecase';

/** The settlement side's reads of the ledger's authority: a charge's record and signed authorizations. */
@Controller()
export class AuthorityHandler {
  constructor(
    private readonly getCharge: GetChargeUseCase,
    private readonly authorize: AuthorizeChargesUseCase,
  ) {}

  @BusHandler(SessionChargeGetV1)
  async get(request: GetChargeRequest): Promise<GetChargeReply> {
    return replyOk(await this.getCharge.execute(request));
  }

  @BusHandler(SessionChargeAuthorizeV1)
  async authorizeCharge(request: AuthorizeChargeRequest): Promise<AuthorizeChargeReply> {
    return replyOk(await this.authorize.charge(request));
  }

  @BusHandler(SessionChargeBatchAuthorizeV1)
  async authorizeBatch(request: AuthorizeBatchRequest): Promise<AuthorizeBatchReply> {
    return replyOk(await this.authorize.batch(request));
  }
}
