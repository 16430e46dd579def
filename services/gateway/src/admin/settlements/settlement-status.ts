import { type SettlementRecord, SettlementStatus } from '@quietpay/contracts';
import { type SettlementFailureReason, settlementFailureReasonOf, toQuietpayError } from '@quietpay/platform';
import type { SubmitterClient } from '../../ports/submitter.client';

/** A settlement's progress as the admin API shows it (docs/admin-api.yaml SettlementStatus). */
export interface SettlementStatusView {
  readonly state: 'queued' | 'submitted' | 'settled' | 'failed' | 'unknown';
  readonly signature: string;
  readonly failureReason?: SettlementFailureReason | '';
  readonly attempts: number;
  readonly updatedAtUnix: number;
}

const STATES: Readonly<Record<SettlementStatus, SettlementStatusView['state']>> = {
  [SettlementStatus.UNSPECIFIED]: 'unknown',
  [SettlementStatus.QUEUED]: 'queued',
  [SettlementStatus.SUBMITTED]: 'submitted',
  [SettlementStatus.SETTLED]: 'settled',
  [SettlementStatus.FAILED]: 'failed',
};

export function toSettlementStatusView(record: SettlementRecord): SettlementStatusView {
  const state = STATES[record.status];
  return {
    state,
    signature: record.signature,
    ...(state === 'failed' ? { failureReason: settlementFailureReasonOf(record.failureReason) } : {}),
    attempts: record.attempts,
    updatedAtUnix: record.updatedAtUnix,
  };
}

/** The submitter's record of a settlement, or undefined when it has none (a charge not yet submitted). */
export async function settlementRecordOf(submitter: SubmitterClient, settlementId: string): Promise<SettlementRecord | undefined> {
  try {
    return await submitter.status(settlementId);
  } catch (error) {
    if (toQuietpayError(error).code === 'settlement_not_found') return undefined;
    throw error;
  }
}
