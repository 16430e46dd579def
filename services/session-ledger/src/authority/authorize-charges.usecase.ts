import { Inject, Injectable } from '@nestjs/common';
import type { AuthorizeBatchRequest, AuthorizeChargeRequest, BatchGrant, ChargeAuthorization } from '@quietpay/contracts';
import { QuietpayError } from '@quietpay/platform';
import { BatchTransactions } from '../ledger/batch-transactions.repository';
import type { TransferRef } from '../ledger/ledger.keys';
import { type ClaimOutcome, LedgerRepository } from '../ledger/ledger.repository';
import { OPEN_POLICY } from '../open/open-session.usecase';
import type { OpenPolicy } from '../open/open-terms.check';
import { SESSION_OPENING_PORT, type SessionOpeningPort } from '../open/session-opening.port';
import { CLOCK, type Clock } from '../shared/clock';
import { LEDGER_AUTHORITY, type LedgerAuthority } from './ledger-authority.provider';
import { ledgerError } from '../shared/ledger.errors';

/**
 * Issues charge authorizations: the ledger's signed statement of exactly what one transfer may
 * move (amount, the session's user, recipient, mint and network, the settlement ids it pays),
 * valid for a short TTL. Signed only for charges the ledger holds as reserved, after claiming them
 * for that one transfer atomically; issued afresh on every call (a rebuild gets a new expiry),
 * with the same terms, since the claim is idempotent.
 */
@Injectable()
export class AuthorizeChargesUseCase {
  constructor(
    private readonly ledger: LedgerRepository,
    @Inject(LEDGER_AUTHORITY) private readonly authority: LedgerAuthority,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(SESSION_OPENING_PORT) private readonly chain: Pick<SessionOpeningPort, 'readDelegation'>,
    @Inject(OPEN_POLICY) private readonly policy: Pick<OpenPolicy, 'facilitator'>,
    private readonly transactions: BatchTransactions,
  ) {}

  async charge(request: AuthorizeChargeRequest): Promise<ChargeAuthorization> {
    const { settlementId } = request;
    const at = await this.ledger.locate(settlementId);
    if (!at) throw refused({ ok: false, reason: 'charge_not_found', settlementId });
    const claim = await this.ledger.claimForOwnTransfer(at.sessionId, at.idempotencyKey);
    return this.issue('charge', settlementId, at.sessionId, [settlementId], claim);
  }

  /**
   * A batch pays for calls already served (batched mode), so before each flush the delegation is
   * re-read on chain: revoked (or handed to another delegate) suspends the session at once, before
   * more is served on credit, and refuses the batch (`delegation_revoked`, terminal). A reduced
   * amount is not seen here (the delegated amount is encrypted, and the facilitator may not
   * decrypt the handle transfers leave); the transfer itself then fails and the release suspends.
   *
   * One transaction at a time (batch-transaction.lua.ts): while a transaction of the batch is bound
   * and the request does not name it expired, the grant is that transaction, not an authorization.
   */
  async batch(request: AuthorizeBatchRequest): Promise<BatchGrant['grant']> {
    if (request.ownCharge) return this.ownCharge(request);
    const session = await this.ledger.getSession(request.sessionId);
    if (session?.sourceAccount) {
      const delegation = await this.chain.readDelegation(session.sourceAccount);
      if (delegation.delegate !== this.policy.facilitator) {
        await this.ledger.suspend(request.sessionId, 'delegation_revoked');
        throw ledgerError('delegation_revoked', 'the payer revoked the delegation on chain; the session is suspended', {
          context: { sessionId: request.sessionId, batchId: request.batchId },
        });
      }
    }
    const claim = await this.ledger.claimForBatch(request.sessionId, request.batchId, request.settlementIds);
    const authorization = await this.issue('batch', request.batchId, request.sessionId, request.settlementIds, claim);
    return this.grant(request.sessionId, { batchId: request.batchId }, authorization, request.expiredSignature);
  }

  /**
   * A per-call charge's own transfer under the batch rule (`own_charge`): the charge authorization
   * of `charge`, granted only while no transaction of the charge is bound, so a stalled twin of
   * the worker that bound one is handed that transaction instead of signing a second transfer.
   */
  private async ownCharge(request: AuthorizeBatchRequest): Promise<BatchGrant['grant']> {
    const settlementId = request.batchId;
    if (request.settlementIds.some((id) => id !== settlementId)) {
      throw ledgerError('invalid_request', 'a per-call charge is authorized alone: batch_id is its settlement id');
    }
    const at = await this.ledger.locate(settlementId);
    if (!at || at.sessionId !== request.sessionId) throw refused({ ok: false, reason: 'charge_not_found', settlementId });
    const claim = await this.ledger.claimForOwnTransfer(at.sessionId, at.idempotencyKey);
    const authorization = await this.issue('charge', settlementId, at.sessionId, [settlementId], claim);
    return this.grant(at.sessionId, { ownChargeOf: settlementId }, authorization, request.expiredSignature);
  }

  /** The authorization, unless a transaction of the transfer is bound and not named expired: then that one. */
  private async grant(sessionId: string, transfer: TransferRef, authorization: ChargeAuthorization, expiredSignature: string): Promise<BatchGrant['grant']> {
    const attempt = await this.transactions.open(sessionId, transfer, attemptToken(authorization), expiredSignature);
    if (attempt.opened) return { case: 'authorization', value: authorization };
    const { signature, signedTxBase64, lastValidBlockHeight } = attempt.bound;
    return { case: 'inFlight', value: { signature, signedTxBase64, lastValidBlockHeight } };
  }

  private async issue(kind: 'charge' | 'batch', id: string, sessionId: string, members: readonly string[], claim: ClaimOutcome): Promise<ChargeAuthorization> {
    if (!claim.ok) throw refused(claim.settlementId ? claim : { ...claim, settlementId: id });
    const session = await this.ledger.getSession(sessionId);
    if (!session) throw refused({ ok: false, reason: 'charge_not_found', settlementId: id });
    return this.authority.key.sign({
      kind,
      id,
      sessionId,
      amount: claim.amount,
      user: session.user,
      recipient: session.recipient,
      mint: session.asset,
      network: session.network,
      expiresAtUnix: (await this.clock()) + this.authority.ttlSeconds,
      members,
    });
  }
}

/** What names an authorization in the batch's attempt record: its own signature. */
export function attemptToken(authorization: Pick<ChargeAuthorization, 'signature'>): string {
  return Buffer.from(authorization.signature).toString('base64');
}

function refused(claim: Extract<ClaimOutcome, { ok: false }>): QuietpayError {
  const messages: Record<typeof claim.reason, string> = {
    charge_not_found: 'no charge with this settlement id',
    charge_not_reserved: 'the charge is not reserved (settled or released)',
    charge_in_batch: 'the charge is already claimed by another transfer',
    batch_conflict: 'the batch was authorized with other members',
    batch_empty: 'a batch needs at least one member',
  };
  return ledgerError(claim.reason, messages[claim.reason], { context: { settlementId: claim.settlementId } });
}
