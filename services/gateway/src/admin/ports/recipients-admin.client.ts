import { Injectable } from '@nestjs/common';
import { type RecipientList, RecipientsListV1, RecipientsRegisterV1, RecipientsRemoveV1, type RegisteredRecipient } from '@quietpay/contracts';
import { unwrapReply } from '@quietpay/platform';
import { AdminBus } from './admin-bus';

/** The admin API's port to session-ledger's recipient registry (recipients.proto), as the `admin` NATS user. */
@Injectable()
export class RecipientsAdminClient {
  constructor(private readonly bus: AdminBus) {}

  async list(): Promise<RecipientList> {
    return unwrapReply(await (await this.bus.client()).request(RecipientsListV1, {}), RecipientsListV1.subject);
  }

  async register(recipient: string, note: string): Promise<RegisteredRecipient> {
    return unwrapReply(await (await this.bus.client()).request(RecipientsRegisterV1, { recipient, note }), RecipientsRegisterV1.subject);
  }

  async remove(recipient: string): Promise<RegisteredRecipient> {
    return unwrapReply(await (await this.bus.client()).request(RecipientsRemoveV1, { recipient }), RecipientsRemoveV1.subject);
  }
}
