import { Controller, Inject } from '@nestjs/common';
import {
  type ListRecipientsReply,
  type LookupRecipientReply,
  type LookupRecipientRequest,
  RecipientsListV1,
  RecipientsLookupV1,
  RecipientsRegisterV1,
  RecipientsRemoveV1,
  type RegisterRecipientReply,
  type RegisterRecipientRequest,
  type RemoveRecipientReply,
  type RemoveRecipientRequest,
  replyOk,
} from '@quietpay/contracts';
import { BusHandler, LOGGER } from '@quietpay/platform';
import type { Logger } from 'pino';
import { RecipientRegistry } from './recipient-registry';

/**
 * The recipient registry on the bus. register/remove/list are operator-only subjects (no service
 * role may request them, libs/contracts bus-roles); lookup is the gateway's, and withholds the note.
 */
@Controller()
export class RecipientsHandler {
  constructor(
    private readonly registry: RecipientRegistry,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  @BusHandler(RecipientsRegisterV1)
  async register(request: RegisterRecipientRequest): Promise<RegisterRecipientReply> {
    const entry = await this.registry.register(request.recipient, request.note, new Date());
    this.logger.info({ recipient: entry.recipient, source: entry.source }, 'recipient registered');
    return replyOk(entry);
  }

  @BusHandler(RecipientsRemoveV1)
  async remove(request: RemoveRecipientRequest): Promise<RemoveRecipientReply> {
    const entry = await this.registry.remove(request.recipient);
    this.logger.info({ recipient: entry.recipient }, 'recipient removed');
    return replyOk(entry);
  }

  @BusHandler(RecipientsListV1)
  async list(): Promise<ListRecipientsReply> {
    return replyOk({ recipients: await this.registry.list() });
  }

  @BusHandler(RecipientsLookupV1)
  async lookup(request: LookupRecipientRequest): Promise<LookupRecipientReply> {
    const entry = await this.registry.lookup(request.recipient);
    return replyOk({ ...entry, note: '' });
  }
}
