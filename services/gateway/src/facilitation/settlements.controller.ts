import { Controller, Get, Param, UseGuards } from '@nestjs/common';
import { SettlementStatus } from '@quietpay/contracts';
import { type SettlementFailureReason, settlementFailureReasonOf } from '@quietpay/platform';
import { ApiKeyGuard } from '../http/api-key.guard';
import { SubmitterClient } from '../ports/submitter.client';

/** A settlement receipt: in batched mode `/settle` answers before the chain, with `extra.settlementId`. */
export interface SettlementReceipt {
  readonly settlementId: string;
  readonly state: 'queued' | 'submitted' | 'settled' | 'failed' | 'unknown';
  /** The confirmed transfer's signature once settled (one signature may settle a whole batch). */
  readonly signature: string;
  readonly amount: string;
  readonly sessionId: string;
  readonly failureReason?: SettlementFailureReason | '';
}

const STATES: Record<SettlementStatus, SettlementReceipt['state']> = {
  [SettlementStatus.UNSPECIFIED]: 'unknown',
  [SettlementStatus.QUEUED]: 'queued',
  [SettlementStatus.SUBMITTED]: 'submitted',
  [SettlementStatus.SETTLED]: 'settled',
  [SettlementStatus.FAILED]: 'failed',
};

/** `GET /settlements/:id` (settlement.status on the bus); 404 settlement_not_found when unknown. */
@Controller('settlements')
@UseGuards(ApiKeyGuard)
export class SettlementsController {
  constructor(private readonly submitter: SubmitterClient) {}

  @Get(':id')
  async get(@Param('id') id: string): Promise<SettlementReceipt> {
    const record = await this.submitter.status(id);
    const state = STATES[record.status];
    return {
      settlementId: record.settlementId,
      state,
      // A submitted transaction may still expire and be rebuilt: only a settled one is a receipt.
      signature: state === 'settled' ? record.signature : '',
      amount: record.amount,
      sessionId: record.sessionId,
      ...(state === 'failed' ? { failureReason: settlementFailureReasonOf(record.failureReason) } : {}),
    };
  }
}
