import { Inject, Injectable } from '@nestjs/common';
import type { GetSessionRequest, Session } from '@quietpay/contracts';
import { QuietpayError } from '@quietpay/platform';
import { LedgerRepository } from '../ledger/ledger.repository';
import { CLOCK, type Clock } from '../shared/clock';
import { toSessionMessage } from './session.mapper';

@Injectable()
export class GetSessionUseCase {
  constructor(
    private readonly ledger: LedgerRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(request: GetSessionRequest): Promise<Session> {
    const [record, now] = await Promise.all([this.ledger.getSession(request.sessionId), this.clock()]);
    if (!record) throw new QuietpayError('session_not_found', 'no such session', { context: { sessionId: request.sessionId } });
    return toSessionMessage(record, now);
  }
}
