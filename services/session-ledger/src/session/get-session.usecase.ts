import { Inject, Injectable } from '@nestjs/common';
import type { GetSessionRequest, Session } from '@quietpay/contracts';
import { LedgerRepository } from '../ledger/ledger.repository';
import { CLOCK, type Clock } from '../shared/clock';
import { toSessionMessage } from './session.mapper';
import { ledgerError } from '../shared/ledger.errors';

@Injectable()
export class GetSessionUseCase {
  constructor(
    private readonly ledger: LedgerRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(request: GetSessionRequest): Promise<Session> {
    const [record, now] = await Promise.all([this.ledger.getSession(request.sessionId), this.clock()]);
    if (!record) throw ledgerError('session_not_found', 'no such session', { context: { sessionId: request.sessionId } });
    return toSessionMessage(record, now);
  }
}
