import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { type Charge, ChargeState, SettlementStatus, type SettleChargeRequest, type SubmissionReceipt } from '@quietpay/contracts';
import { fromWireError, QuietpayError, SERVICE_CONFIG } from '@quietpay/platform';
import type { NetworkResolver, SupportedKind, VerifyResponse } from '@quietpay/x402';
import type { GatewayConfig } from '../../config.schema';
import { NETWORK_RESOLVER } from '../../facilitation/network-resolver.provider';
import type { PaymentRequest } from '../../facilitation/payment-request';
import { SessionLedgerClient } from '../../ports/session-ledger.client';
import { SubmitterClient } from '../../ports/submitter.client';
import type { FacilitatorScheme, SettleAnswer, SupportedContext } from '../facilitator-scheme.port';
import { reasonFromLedgerError, reasonFromSettlementFailure, throwIfRateLimited } from './ledger-reason.mapper';
import { SESSION_SCHEME, SessionSchemeSettings, sessionKinds, sessionSchemeSettings } from './session-kinds';
import { idempotencyKeyOf, toSessionCall } from './session-payment.mapper';
import { claimServeUntil } from './serve-claim';
import { type FollowOutcome, followSettlement } from './settlement-follower';
import { ONE_REQUEST_HAND_OFF_MS, settleInOneRequest } from './one-request-settle';

/**
 * The `session` scheme: stateless checks here, every stateful check in session-ledger (one Lua
 * script), settlement through the ledger, which hands its own record of the reservation to the
 * submitter. /settle never relies on /verify having run: reserve re-runs every check.
 */
@Injectable()
export class SessionScheme implements FacilitatorScheme {
  readonly scheme = SESSION_SCHEME;
  private readonly settings: SessionSchemeSettings | undefined;

  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: GatewayConfig,
    @Inject(NETWORK_RESOLVER) private readonly networks: NetworkResolver,
    private readonly ledger: SessionLedgerClient,
    private readonly submitter: SubmitterClient,
  ) {
    this.settings = sessionSchemeSettings(config);
  }

  supportedKinds(context: SupportedContext): SupportedKind[] {
    return this.settings === undefined ? [] : sessionKinds(this.config, this.settings, this.networks, context.publicBaseUrl);
  }

  signers(): Readonly<Record<string, readonly string[]>> {
    return this.settings === undefined ? {} : { 'solana:*': [this.settings.facilitator] };
  }

  async verify(request: PaymentRequest): Promise<VerifyResponse> {
    const call = this.settings === undefined ? undefined : toSessionCall(request, this.settings, this.config.NETWORK);
    if (call === undefined) return { isValid: false, invalidReason: 'unsupported_scheme', invalidMessage: 'session scheme is not configured' };
    if (!call.ok) return { isValid: false, invalidReason: call.reason, invalidMessage: call.message };
    try {
      const result = await this.ledger.verify({
        payload: call.payload,
        legacyPayload: call.legacyPayload,
        requirements: call.requirements,
        resource: call.resource,
        idempotencyKey: idempotencyKeyOf(request, call),
      });
      if (result.isValid) return { isValid: true, payer: result.payer || undefined };
      return {
        isValid: false,
        invalidReason: result.invalidReason || 'invalid_payload',
        invalidMessage: result.invalidMessage || undefined,
        payer: result.payer || undefined,
      };
    } catch (error) {
      throwIfRateLimited(error);
      const mapped = reasonFromLedgerError(error, 'verify');
      return { isValid: false, invalidReason: mapped.reason, invalidMessage: mapped.message };
    }
  }

  async settle(request: PaymentRequest): Promise<SettleAnswer> {
    const network = this.config.NETWORK;
    const failure = (reason: string, message: string | undefined, payer?: string, extra?: Record<string, unknown>): SettleAnswer => ({
      success: false,
      errorReason: reason,
      errorMessage: message,
      payer,
      transaction: '',
      network,
      extra,
    });
    const call = this.settings === undefined ? undefined : toSessionCall(request, this.settings, network);
    if (call === undefined) return failure('unsupported_scheme', 'session scheme is not configured');
    if (!call.ok) return failure(call.reason, call.message);

    const reservation = {
      payload: call.payload,
      legacyPayload: call.legacyPayload,
      requirements: call.requirements,
      resource: call.resource,
      idempotencyKey: idempotencyKeyOf(request, call),
    };
    const perCall = this.config.SETTLEMENT_MODE === 'per-call';
    if (!perCall) return this.settleBatched(reservation, failure);
    let charge;
    try {
      charge = await this.ledger.reserve(reservation);
    } catch (error) {
      return reservationFailed(error, failure);
    }
    const payer = charge.payer || undefined;
    const extra = { settlementId: charge.settlementId };
    if (charge.state === ChargeState.RELEASED) return failure('unexpected_settle_error', 'this payment was settled before and failed', payer, extra);

    const settlementId = charge.settlementId;
    const deadlineMs = Date.now() + this.config.SETTLE_TIMEOUT_MS;
    const followed = await this.follow(settlementId, perCall, this.config.SETTLE_TIMEOUT_MS);
    if ('error' in followed) return this.submitFailed(followed.error, settlementId, failure, payer);
    if ('timedOut' in followed) return this.submitFailed(undefined, settlementId, failure, payer);
    const { receipt } = followed;
    const answer = this.fromReceipt(receipt, perCall, { payer, amount: charge.amount, network, extensions: sessionExtension(charge) }, failure);
    return answer.success ? this.serveSettled(answer, { settlementId: receipt.settlementId, serveToken: randomUUID(), payer, deadlineMs }, failure) : answer;
  }

  /**
   * Batched mode: reserve, hand-off and serve claim in ONE ledger request (SettleCharge) instead
   * of three, the same steps and answers as the per-call path above. Only what the one request
   * could not finish is finished here as that path does: a hand-off the ledger stopped waiting
   * for is followed (the submitter may be gone), a serve it could not record is claimed again
   * with the same token.
   */
  private async settleBatched(reservation: Omit<SettleChargeRequest, 'serveToken' | 'timeoutMs'>, failure: Failure): Promise<SettleAnswer> {
    const serveToken = randomUUID();
    const deadlineMs = Date.now() + this.config.SETTLE_TIMEOUT_MS;
    const timeoutMs = Math.min(this.config.SETTLE_TIMEOUT_MS, ONE_REQUEST_HAND_OFF_MS);
    let result;
    try {
      result = await settleInOneRequest(() => this.ledger.settle({ ...reservation, serveToken, timeoutMs }), deadlineMs);
    } catch (error) {
      return reservationFailed(error, failure);
    }
    const { charge } = result;
    // Required by the contract (decoding refuses a reply without it); unknown, not a verdict, if ever absent.
    if (!charge) return reservationFailed(new QuietpayError('bus_bad_reply', 'SettleCharge answered no charge', { retryable: true }), failure);
    const payer = charge.payer || undefined;
    const settlementId = charge.settlementId;
    const extra = { settlementId };
    if (charge.state === ChargeState.RELEASED) return failure('unexpected_settle_error', 'this payment was settled before and failed', payer, extra);

    let followed: FollowOutcome = result.receipt ? { receipt: result.receipt } : { error: fromWireError(result.submitError ?? MISSING_OUTCOME) };
    // The ledger stopped waiting for the submitter: follow it the rest of the bound, as the stepwise path does.
    if ('error' in followed && followed.error instanceof QuietpayError && followed.error.code === 'bus_timeout') {
      const left = deadlineMs - Date.now();
      followed = left > 0 ? await this.follow(settlementId, false, left) : { timedOut: true };
    }
    if ('error' in followed) return this.submitFailed(followed.error, settlementId, failure, payer);
    if ('timedOut' in followed) return this.submitFailed(undefined, settlementId, failure, payer);
    const { receipt } = followed;
    const answer = this.fromReceipt(
      receipt,
      false,
      { payer, amount: charge.amount, network: this.config.NETWORK, extensions: sessionExtension(charge) },
      failure,
    );
    if (!answer.success || result.served) return answer;
    const refusal = result.serveError ? fromWireError(result.serveError) : undefined;
    if (refusal && !refusal.retryable) {
      const mapped = reasonFromLedgerError(refusal, 'settle');
      return failure(mapped.reason, mapped.message, payer, extra);
    }
    return this.serveSettled(answer, { settlementId: receipt.settlementId, serveToken, payer, deadlineMs }, failure);
  }

  private follow(settlementId: string, perCall: boolean, waitMs: number): Promise<FollowOutcome> {
    return followSettlement(
      {
        handOff: (wait) => this.ledger.submit(settlementId, wait),
        status: (timeoutMs) => this.submitter.status(settlementId, timeoutMs),
      },
      perCall,
      { waitMs, pollMs: this.config.SETTLE_STATUS_POLL_MS },
    );
  }

  /**
   * A success serves the call: claim the charge's one serve first, atomically in the ledger, so
   * of all the /settle of one payload (retries, replays, on any gateway replica) exactly one is
   * answered success. Only here, never at reserve: a /settle that answers anything else
   * (`settlement_pending` after a failed hand-off) served nothing, and the same header retried
   * must be served then, without a new nonce (batched mode claimed at reserve and refused that
   * retry `nonce_replayed`). Another /settle that already served this payload gets
   * `nonce_replayed`; a lost answer is asked again with the same token within the /settle's bound
   * (claimServeUntil), and a ledger that still cannot answer leaves it `settlement_pending`.
   */
  private async serveSettled(
    answer: SettleAnswer,
    claim: { readonly settlementId: string; readonly serveToken: string; readonly payer: string | undefined; readonly deadlineMs: number },
    failure: Failure,
  ): Promise<SettleAnswer> {
    const extra = { settlementId: claim.settlementId };
    try {
      await claimServeUntil(() => this.ledger.serve(claim.settlementId, claim.serveToken), claim.deadlineMs);
      return answer;
    } catch (error) {
      if (error instanceof QuietpayError && error.retryable) {
        return {
          ...failure('settlement_pending', 'settled; the serve could not be recorded yet, retry settle with the same payment', claim.payer, extra),
          transaction: claim.settlementId,
        };
      }
      const mapped = reasonFromLedgerError(error, 'settle');
      return failure(mapped.reason, mapped.message, claim.payer, extra);
    }
  }

  /**
   * The reservation is durable but the submitter's outcome is unknown (an error that may pass, or
   * none: the wait ran out) or refused. Unknown is `settlement_pending` with the settlement id as
   * `transaction`, so the client's retry lands on the same idempotency key; the resource server
   * must not serve until a success.
   */
  private submitFailed(error: unknown, settlementId: string, failure: Failure, payer: string | undefined): SettleAnswer {
    const extra = { settlementId };
    // A refusal was released by the ledger itself (SubmitCharge).
    if (error instanceof QuietpayError && !error.retryable) {
      return failure('unexpected_settle_error', `settlement refused (${error.code})`, payer, extra);
    }
    return { ...failure('settlement_pending', 'settlement not confirmed yet; retry settle with the same payment', payer, extra), transaction: settlementId };
  }

  private fromReceipt(
    receipt: SubmissionReceipt,
    perCall: boolean,
    base: { payer: string | undefined; amount: string; network: string; extensions: Record<string, unknown> },
    failure: Failure,
  ): SettleAnswer {
    const extra = { settlementId: receipt.settlementId, settlementStatus: statusName(receipt.status) };
    const success = (transaction: string, more?: Record<string, unknown>): SettleAnswer => ({
      success: true,
      payer: base.payer,
      transaction,
      network: base.network,
      amount: base.amount,
      extensions: base.extensions,
      extra: { ...extra, ...more },
    });
    switch (receipt.status) {
      case SettlementStatus.SETTLED:
        return success(receipt.signature, transferShare(receipt, base.amount));
      case SettlementStatus.FAILED:
        return failure(reasonFromSettlementFailure(receipt.failureReason), receipt.failureReason || undefined, base.payer, extra);
      case SettlementStatus.QUEUED:
      case SettlementStatus.SUBMITTED:
      case SettlementStatus.UNSPECIFIED:
        // Batched mode is done once the job is durable; per-call mode waits for the chain.
        if (!perCall && receipt.accepted) return success(receipt.signature);
        if (!receipt.accepted)
          return failure(reasonFromSettlementFailure(receipt.failureReason), receipt.failureReason || 'settlement not accepted', base.payer, extra);
        return {
          ...failure('settlement_pending', 'settlement not confirmed yet; retry settle with the same payment', base.payer, extra),
          transaction: receipt.signature || receipt.settlementId,
        };
    }
  }
}

type Failure = (reason: string, message: string | undefined, payer?: string, extra?: Record<string, unknown>) => SettleAnswer;

/** A SettleCharge answered neither a receipt nor a hand-off error (a ledger bug): not a verdict. */
const MISSING_OUTCOME = { code: 'bus_bad_reply', message: 'SettleCharge answered no hand-off outcome', retryable: true, context: {} };

/**
 * The reservation failed. Unknown (the ledger down, its reply lost: the charge may or may not be
 * reserved) is not a verdict: `settlement_pending`, so the client retries the same payment, which
 * a reservation (idempotent by key) answers with the charge it made, if any. Refusals pass through.
 */
function reservationFailed(error: unknown, failure: Failure): SettleAnswer {
  throwIfRateLimited(error);
  if (error instanceof QuietpayError && error.retryable) {
    return failure('settlement_pending', `session-ledger unavailable (${error.code}); retry settle with the same payment`);
  }
  const mapped = reasonFromLedgerError(error, 'settle');
  return failure(mapped.reason, mapped.message);
}

/**
 * The charge's share of the transfer that settled it: one transfer may carry many charges
 * (coalesced per-call, batched), so the receipt says which part of it is this charge's.
 */
function transferShare(receipt: SubmissionReceipt, share: string): Record<string, unknown> | undefined {
  if (receipt.transferCharges === 0) return undefined;
  return { transfer: { signature: receipt.signature, amount: receipt.transferAmount, charges: receipt.transferCharges, share } };
}

/**
 * The seed facilitator's receipt field `extensions.session {id, spent, remaining}`, so a resource
 * server written against the seed reads the session's state from quietpay's answer too. `spent`
 * counts this charge (and any reserved, not yet settled, ones): what the cap has left for the next call.
 */
function sessionExtension(charge: Charge): Record<string, unknown> {
  const spent = BigInt(charge.spent || '0');
  const cap = BigInt(charge.cap || '0');
  return { session: { id: charge.sessionId, spent: spent.toString(), remaining: (cap > spent ? cap - spent : 0n).toString() } };
}

function statusName(status: SettlementStatus): string {
  switch (status) {
    case SettlementStatus.QUEUED:
      return 'queued';
    case SettlementStatus.SUBMITTED:
      return 'submitted';
    case SettlementStatus.SETTLED:
      return 'settled';
    case SettlementStatus.FAILED:
      return 'failed';
    case SettlementStatus.UNSPECIFIED:
      return 'unknown';
  }
}
