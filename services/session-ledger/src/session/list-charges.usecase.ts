import { Inject, Injectable } from '@nestjs/common';
import type { ChargeList, ListChargesRequest } from '@quietpay/contracts';
import { LedgerListing } from '../ledger/ledger-listing';
import { CLOCK, type Clock } from '../shared/clock';
import { toSessionListing } from './session.mapper';
import { ledgerError } from '../shared/ledger.errors';

/** Every charge of one session for the operator (reserved, settled and released), oldest id first. */
@Injectable()
export class ListChargesUseCase {
  constructor(
    private readonly listing: LedgerListing,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(request: ListChargesRequest): Promise<ChargeList> {
    const listed = await this.listing.session(request.sessionId);
    if (!listed) throw ledgerError('session_not_found', 'no such session', { context: { sessionId: request.sessionId } });
    const charges = await this.listing.charges(request.sessionId);
    charges.sort((a, b) => (a.chargeId < b.chargeId ? -1 : a.chargeId > b.chargeId ? 1 : 0));
    return {
      session: toSessionListing(listed, await this.clock()),
      charges: charges.map((c) => ({
        chargeId: c.chargeId,
        amount: c.amount,
        state: c.state,
        signature: c.signature,
        releaseReason: c.state === 'released' ? c.reason : '',
      })),
    };
  }
}
