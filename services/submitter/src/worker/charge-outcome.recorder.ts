import { SettlementCollaborators } from '../ports/settlement-collaborators.port';
import { SettlementRecords } from '../ports/settlement-records.port';
import { ClassifiedFailure } from './failure.classifier';

/** One charge as its verdict is recorded. */
export interface ChargeRef {
  readonly settlementId: string;
  readonly sessionId: string;
  readonly amount: string;
}

const nowUnix = (): number => Math.floor(Date.now() / 1000);

/**
 * Records one charge's verdict: the ledger (commit or release), the JetStream event, then the
 * submitter's own record. A per-call settlement and every member of a batch go through these
 * same steps; each is idempotent, so a resumed attempt may repeat them.
 */
export class ChargeOutcomeRecorder {
  constructor(
    private readonly peers: SettlementCollaborators,
    private readonly store: Pick<SettlementRecords, 'markSettled' | 'markFailed'>,
  ) {}

  /** `ledger: false` skips the commit (the ledger refused it for good; the chain is the truth). */
  async settled(charge: ChargeRef, signature: string, slot: number | undefined, options: { ledger: boolean } = { ledger: true }): Promise<void> {
    if (options.ledger) await this.peers.commitCharge(charge.settlementId, signature);
    await this.peers.settled({
      settlementId: charge.settlementId,
      sessionId: charge.sessionId,
      signature,
      amount: charge.amount,
      slot: slot === undefined ? '0' : String(slot),
      settledAtUnix: nowUnix(),
    });
    await this.store.markSettled(charge.settlementId, signature);
  }

  /**
   * `signature`: the last transaction sent for it, if any (known not to land). `served`: the call
   * was already answered success (batched), so the ledger suspends the session in the same step.
   */
  async released(
    charge: ChargeRef,
    failure: Pick<ClassifiedFailure, 'reason' | 'detail'>,
    signature: string,
    options: { ledger: boolean; served?: boolean } = { ledger: true },
  ): Promise<void> {
    if (options.ledger) await this.peers.releaseCharge(charge.settlementId, failure.reason, { suspendSession: options.served === true });
    await this.peers.failed({
      settlementId: charge.settlementId,
      sessionId: charge.sessionId,
      amount: charge.amount,
      reason: failure.reason,
      detail: failure.detail.slice(0, 500),
      signature,
      failedAtUnix: nowUnix(),
    });
    await this.store.markFailed(charge.settlementId, failure.reason);
  }
}
