import { Injectable } from '@nestjs/common';
import type { ChargeListing } from '@quietpay/contracts';
import { QuietpayError } from '@quietpay/platform';
import { SubmitterClient } from '../../ports/submitter.client';
import { LedgerAdminClient } from '../ports/ledger-admin.client';
import { settlementRecordOf, type SettlementStatusView, toSettlementStatusView } from '../settlements/settlement-status';
import { type SessionSummary, toSessionSummary } from './session-summary';

export interface ChargeView {
  readonly chargeId: string;
  readonly amount: string;
  readonly state: string;
  readonly signature: string;
  readonly reason: string;
  readonly settlement: SettlementStatusView | null;
}

export interface SessionDetail {
  readonly session: SessionSummary;
  readonly charges: readonly ChargeView[];
}

// Settlement look-ups in flight at once for one session page (the submitter answers each from Redis).
const LOOKUPS_IN_FLIGHT = 16;

/** One session, its charges (from the ledger) and each charge's settlement (from the submitter). */
@Injectable()
export class SessionDetailUseCase {
  constructor(
    private readonly ledger: LedgerAdminClient,
    private readonly submitter: SubmitterClient,
  ) {}

  async execute(sessionId: string, nowUnix: number): Promise<SessionDetail> {
    const list = await this.ledger.charges(sessionId);
    const charges: ChargeView[] = [];
    for (let i = 0; i < list.charges.length; i += LOOKUPS_IN_FLIGHT) {
      charges.push(...(await Promise.all(list.charges.slice(i, i + LOOKUPS_IN_FLIGHT).map((c) => this.view(c)))));
    }
    if (list.session === undefined) throw new QuietpayError('bus_bad_reply', 'charge list without its session');
    return { session: toSessionSummary(list.session, nowUnix), charges };
  }

  private async view(charge: ChargeListing): Promise<ChargeView> {
    const record = await settlementRecordOf(this.submitter, charge.chargeId);
    return {
      chargeId: charge.chargeId,
      amount: charge.amount,
      state: charge.state,
      signature: charge.signature,
      reason: charge.releaseReason,
      settlement: record === undefined ? null : toSettlementStatusView(record),
    };
  }
}
