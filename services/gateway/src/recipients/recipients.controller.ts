import { Controller, Get, Param } from '@nestjs/common';
import { Base58AddressSchema } from '@quietpay/x402';
import { parseOr400 } from '../http/parse-body';
import { SessionLedgerClient } from '../ports/session-ledger.client';

/** `GET /recipients/:address`: what the SDK needs to know before building a session approve. */
export interface RecipientStatusView {
  readonly recipient: string;
  /** True: the facilitator creates this recipient's token account at its own expense when missing. */
  readonly registered: boolean;
}

/**
 * Whether the operator registered a recipient. Public and read-only (the same answer a session
 * open would reveal): an unregistered recipient's missing token account must be created by the
 * user's approve, at the user's expense, so the SDK asks before building it. Registering and
 * listing are operator-only bus subjects, never reachable from here.
 */
@Controller('recipients')
export class RecipientsController {
  constructor(private readonly ledger: SessionLedgerClient) {}

  @Get(':address')
  async get(@Param('address') address: string): Promise<RecipientStatusView> {
    const entry = await this.ledger.lookupRecipient(parseOr400(Base58AddressSchema, address));
    return { recipient: entry.recipient, registered: entry.registered };
  }
}
