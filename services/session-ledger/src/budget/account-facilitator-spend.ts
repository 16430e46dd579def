import type { Logger } from 'pino';
import type { FacilitatorLamportsRepository } from './facilitator-lamports.repository';
import { facilitatorLamportsPerSession, facilitatorLamportsPerTransaction } from './facilitator-lamports.metrics';
import type { FacilitatorSpendReader } from './facilitator-spend.reader';

export type SpendPurpose = 'session_open' | 'settlement';

/**
 * Adds confirmed transactions' cost to their session's lamport budget. Never throws: the money
 * already moved and the charge is recorded; a cost that cannot be read (RPC down, meta pruned) is
 * logged and left uncounted rather than failing the commit it follows.
 */
export class AccountFacilitatorSpend {
  constructor(
    private readonly reader: FacilitatorSpendReader,
    private readonly lamports: FacilitatorLamportsRepository,
    private readonly logger: Logger,
  ) {}

  /**
   * `settledChargeKey`: the charge these signatures paid (a commit), whose lamport hold the
   * confirmed cost replaces. A cost that cannot be read leaves the hold: the estimate stays counted.
   */
  async account(sessionId: string, signatures: readonly string[], purpose: SpendPurpose, settledChargeKey?: string): Promise<void> {
    for (const signature of signatures) {
      try {
        if (
          settledChargeKey !== undefined
            ? await this.lamports.dropHoldIfCounted(sessionId, signature, settledChargeKey)
            : await this.lamports.isCounted(sessionId, signature)
        )
          continue;
        const spent = await this.reader.lamportsSpentBy(signature);
        if (spent === undefined) {
          this.logger.warn({ sessionId, signature }, 'no transaction meta yet: its facilitator cost is not counted');
          continue;
        }
        const added = await this.lamports.add(sessionId, signature, spent, settledChargeKey);
        if (!added.counted) continue;
        facilitatorLamportsPerTransaction.observe({ purpose }, Number(spent));
        if (added.reachedBudget) {
          this.logger.info(
            { sessionId, lamportsSpent: added.total, lamportBudget: added.budget },
            'session reached its facilitator lamport budget: no further charges',
          );
        }
      } catch (error) {
        this.logger.warn({ err: error, sessionId, signature }, 'facilitator cost not counted');
      }
    }
  }

  /**
   * A session ended (closed or revoked): what it cost the facilitator in all goes into
   * `quietpay_facilitator_lamports_per_session`, once, since a session ends once. Observed at the
   * end rather than when the budget is reached: with charges in flight held against the budget, a
   * session is refused before its confirmed cost reaches it. Never throws (the close happened).
   */
  async sessionEnded(sessionId: string): Promise<void> {
    try {
      facilitatorLamportsPerSession.observe(await this.lamports.total(sessionId));
    } catch (error) {
      this.logger.warn({ err: error, sessionId }, 'facilitator cost of an ended session not observed');
    }
  }
}
