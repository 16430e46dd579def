import { Injectable } from '@nestjs/common';
import { toQuietpayError } from '@quietpay/platform';
import { ApiError } from '../../http/api-error';
import { SubmitterClient } from '../../ports/submitter.client';
import { LedgerAdminClient } from '../ports/ledger-admin.client';
import { settlementRecordOf, type SettlementStatusView, toSettlementStatusView } from './settlement-status';

export interface SettlementReceipt extends SettlementStatusView {
  readonly settlementId: string;
  readonly sessionId: string;
  readonly amount: string;
  /** The charges the same transfer settled: the charges of the session sharing its signature. */
  readonly batch: { readonly size: number; readonly members: readonly string[] };
}

/** A settlement as the submitter recorded it, with the batch its transfer settled (from the ledger). */
@Injectable()
export class SettlementReceiptUseCase {
  constructor(
    private readonly submitter: SubmitterClient,
    private readonly ledger: LedgerAdminClient,
  ) {}

  async execute(settlementId: string): Promise<SettlementReceipt> {
    const record = await settlementRecordOf(this.submitter, settlementId);
    if (record === undefined) throw new ApiError('settlement_not_found', 'no such settlement');
    const members = record.signature === '' ? [settlementId] : await this.membersOf(record.sessionId, record.signature, settlementId);
    return {
      settlementId,
      sessionId: record.sessionId,
      amount: record.amount,
      ...toSettlementStatusView(record),
      batch: { size: members.length, members },
    };
  }

  private async membersOf(sessionId: string, signature: string, settlementId: string): Promise<string[]> {
    try {
      const { charges } = await this.ledger.charges(sessionId);
      const members = charges.filter((c) => c.signature === signature).map((c) => c.chargeId);
      return members.includes(settlementId) ? members : [settlementId, ...members];
    } catch (error) {
      // The session's keys outlived their retention: the receipt stands alone.
      if (toQuietpayError(error).code === 'session_not_found') return [settlementId];
      throw error;
    }
  }
}
