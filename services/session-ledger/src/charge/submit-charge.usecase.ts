import { Inject, Injectable } from '@nestjs/common';
import type { SubmissionReceipt, SubmitChargeRequest } from '@quietpay/contracts';
import { QuietpayError } from '@quietpay/platform';
import { LedgerRepository } from '../ledger/ledger.repository';
import { sessionIdOfSettlement } from '../ledger/settlement-id';
import { CHARGE_SUBMITTER, type ChargeSubmitter } from './charge-submitter.port';
import { finishCharge } from './finish-charge';
import { ledgerError } from '../shared/ledger.errors';

/** A reservation as the ledger recorded it: what the submitter is handed. */
export interface ReservationRecord {
  readonly settlementId: string;
  readonly idempotencyKey: string;
  readonly sessionId: string;
  readonly amount: string;
}

/** Per-call settlement waits for the chain; the caller's wait is bounded so a handler never hangs. */
export const DEFAULT_SUBMIT_TIMEOUT_MS = 30_000;
export const MAX_SUBMIT_TIMEOUT_MS = 120_000;

/**
 * `/settle`'s second step. The ledger is the only bus peer allowed to request
 * `settlement.submit.v1`, and it sends only its own record of the reservation: session, amount and
 * idempotency key come from Redis, the caller names nothing but the settlement id. So a gateway
 * (or anything holding its credentials) can settle only what the ledger reserved for a signed
 * payment. A non-retryable refusal by the submitter means nothing is in flight: the charge is
 * released here, in the same place that reserved it. A retryable failure (timeout, submitter down)
 * is passed on unchanged: the submission may have been accepted, and the caller retries.
 */
@Injectable()
export class SubmitChargeUseCase {
  constructor(
    private readonly ledger: LedgerRepository,
    @Inject(CHARGE_SUBMITTER) private readonly submitter: ChargeSubmitter,
  ) {}

  async execute(request: SubmitChargeRequest): Promise<SubmissionReceipt> {
    const { settlementId } = request;
    const sessionId = sessionIdOfSettlement(settlementId);
    const key = sessionId ? await this.ledger.idempotencyKeyOf(sessionId, settlementId) : null;
    const charge = sessionId && key !== null ? await this.ledger.getCharge(sessionId, key) : null;
    if (!charge) throw ledgerError('charge_not_found', 'no charge with this settlement id', { context: { settlementId } });
    // A settled charge is forwarded too: the submitter answers its existing receipt (idempotent).
    if (charge.state === 'released') {
      throw ledgerError('charge_not_reserved', 'this charge was released; it is not settled', { context: { settlementId } });
    }
    return this.handOff({ settlementId, idempotencyKey: charge.idempotencyKey, sessionId: charge.sessionId, amount: charge.amount }, request);
  }

  /**
   * Hands the ledger's own record of a reservation to the submitter: `record` is what Redis holds
   * (read above, or the record SettleCharge's reservation just wrote), never a caller's numbers.
   */
  async handOff(record: ReservationRecord, request: Pick<SubmitChargeRequest, 'waitForConfirmation' | 'timeoutMs'>): Promise<SubmissionReceipt> {
    const timeoutMs = Math.min(request.timeoutMs || DEFAULT_SUBMIT_TIMEOUT_MS, MAX_SUBMIT_TIMEOUT_MS);
    try {
      const { settlementId, idempotencyKey, sessionId, amount } = record;
      return await this.submitter.submit({ settlementId, idempotencyKey, sessionId, amount, waitForConfirmation: request.waitForConfirmation }, timeoutMs);
    } catch (error) {
      if (error instanceof QuietpayError && !error.retryable) await this.releaseRefused(record.settlementId, error.code);
      throw error;
    }
  }

  private async releaseRefused(settlementId: string, code: string): Promise<void> {
    // Best effort: a release that fails (Redis down) leaves the charge reserved, which the
    // submitter's reconciler settles or releases later; the refusal is still the answer. A charge
    // some transfer already claimed is left to that transfer's outcome (onlyIfUnclaimed): giving
    // it back here could let it land and be spendable again.
    await finishCharge(this.ledger, settlementId, { target: 'released', reason: `submit_refused:${code}`, options: { onlyIfUnclaimed: true } }).catch(
      () => undefined,
    );
  }
}
