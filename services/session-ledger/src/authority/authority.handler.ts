import { Controller } from '@nestjs/common';
import {
  replyOk,
  SessionChargeAuthorizeV1,
  SessionChargeBatchAuthorizeV1,
  SessionChargeBatchBindV1,
  SessionChargeGetV1,
  type AuthorizeBatchReply,
  type AuthorizeBatchRequest,
  type AuthorizeChargeReply,
  type AuthorizeChargeRequest,
  type BindBatchTransactionReply,
  type BindBatchTransactionRequest,
  type GetChargeReply,
  type GetChargeRequest,
} from '@quietpay/contracts';
import { BusHandler } from '@quietpay/platform';
import { GetChargeUseCase } from '../charge/get-charge.usecase';
import { AuthorizeChargesUseCase } from './authorize-charges.usecase';
import { BindBatchTransactionUseCase } from './bind-batch-transaction.usecase';

/** The settlement side's reads of the ledger's authority: a charge's record, signed authorizations, a batch's one transaction. */
@Controller()
export class AuthorityHandler {
  constructor(
    private readonly getCharge: GetChargeUseCase,
    private readonly authorize: AuthorizeChargesUseCase,
    private readonly bind: BindBatchTransactionUseCase,
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
    return replyOk({ grant: await this.authorize.batch(request) });
  }

  @BusHandler(SessionChargeBatchBindV1)
  async bindBatchTransaction(request: BindBatchTransactionRequest): Promise<BindBatchTransactionReply> {
    return replyOk(await this.bind.execute(request));
  }
}
