import { Inject, Injectable } from '@nestjs/common';
import { type ListSessionsRequest, type SessionListing, type SessionPage, SessionStatus } from '@quietpay/contracts';
import { LedgerListing } from '../ledger/ledger-listing';
import { CLOCK, type Clock } from '../shared/clock';
import { toSessionListing, toSessionMessage } from './session.mapper';
import { ledgerError } from '../shared/ledger.errors';

const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 200;
// One request scans at most this many SCAN steps, so a filter matching nothing stays bounded;
// the client follows next_cursor.
const MAX_STEPS = 20;
// Keys one SCAN step looks at: the ledger may share its Redis with other keys, which SCAN walks too.
const SCAN_COUNT = 1000;

/**
 * Lists sessions for the operator, filtered by payer, recipient, status and the legacy flag, a page at a time.
 * A page holds about `limit` sessions (the step that reaches it is kept whole, so nothing is
 * skipped), newest first within the page.
 */
@Injectable()
export class ListSessionsUseCase {
  constructor(
    private readonly listing: LedgerListing,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(request: ListSessionsRequest): Promise<SessionPage> {
    const limit = Math.min(request.limit === 0 ? DEFAULT_LIMIT : request.limit, MAX_LIMIT);
    let cursor = request.cursor === '' ? '0' : request.cursor;
    if (!/^\d{1,20}$/.test(cursor)) throw ledgerError('invalid_request', 'cursor must be a next_cursor this service returned');
    const now = await this.clock();
    const page: SessionListing[] = [];
    for (let step = 0; step < MAX_STEPS && page.length < limit; step++) {
      const scan = await this.listing.scanSessions(cursor, SCAN_COUNT);
      for (const listed of scan.sessions) {
        const entry = toSessionListing(listed, now);
        const session = toSessionMessage(listed.record, now);
        if (request.payer !== '' && session.user !== request.payer) continue;
        if (request.recipient !== '' && session.recipient !== request.recipient) continue;
        if (request.status !== SessionStatus.UNSPECIFIED && session.status !== request.status) continue;
        if (request.legacy !== undefined && entry.legacy !== request.legacy) continue;
        page.push(entry);
      }
      cursor = scan.cursor;
      if (cursor === '0') break;
    }
    page.sort((a, b) => Number(b.createdAtMs) - Number(a.createdAtMs));
    return { sessions: page, nextCursor: cursor === '0' ? '' : cursor };
  }
}
