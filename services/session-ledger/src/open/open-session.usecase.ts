import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { SessionClosedV1, SessionOpenedV1, type OpenSessionRequest, type Session } from '@quietpay/contracts';
import { EventBus } from '@quietpay/platform';
import { LEDGER_AUTHORITY, type LedgerAuthority } from '../authority/ledger-authority.provider';
import { AccountFacilitatorSpend } from '../budget/account-facilitator-spend';
import { LedgerRepository } from '../ledger/ledger.repository';
import type { SessionRecord } from '../ledger/ledger.types';
import { RecipientRegistry } from '../recipients/recipient-registry';
import { toSessionMessage } from '../session/session.mapper';
import { CLOCK, type Clock } from '../shared/clock';
import { checkOpenTerms, type OpenPolicy } from './open-terms.check';
import { sessionOpenedEvent } from './session-opened.event';
import { SESSION_OPENING_PORT, type SessionOpeningPort } from './session-opening.port';
import { ledgerError } from '../shared/ledger.errors';

export const OPEN_POLICY = Symbol('session-ledger.openPolicy');

/**
 * `POST /sessions`: check the signed terms, have the approve validated, co-signed, sent and
 * confirmed, then prove the on-chain encrypted cap equals the signed one before any charge may
 * run against it. A mismatch is recorded as a revoked session (so it is auditable and never
 * chargeable) and answered with `cap_mismatch`.
 *
 * Who pays the recipient's token-account rent: the facilitator only for a registered recipient
 * (RecipientRegistry), with an account-creation authorization the signer verifies; for any other
 * recipient tx-builder requires the user's approve to create the account, the user paying.
 */
@Injectable()
export class OpenSessionUseCase {
  constructor(
    private readonly ledger: LedgerRepository,
    private readonly events: EventBus,
    @Inject(SESSION_OPENING_PORT) private readonly chain: SessionOpeningPort,
    @Inject(OPEN_POLICY) private readonly policy: OpenPolicy,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly spend: AccountFacilitatorSpend,
    private readonly recipients: RecipientRegistry,
    @Inject(LEDGER_AUTHORITY) private readonly authority: LedgerAuthority,
  ) {}

  async execute(request: OpenSessionRequest): Promise<Session> {
    const now = await this.clock();
    const checked = checkOpenTerms(request, this.policy, now);
    if (!checked.ok) throw ledgerError(checked.code, checked.message, { context: { user: request.user } });
    const { fields, network, perCallLimit } = checked;
    if (!(await this.ledger.claimOpenNonce(fields.user, fields.nonce, now, fields.expirationUnix))) {
      throw ledgerError('nonce_replayed', 'this auth message already opened a session', { context: { user: fields.user } });
    }
    const sessionId = `sess_${randomUUID()}`;
    const party = { sessionId, user: fields.user, recipient: fields.recipient, asset: fields.asset, network };

    const facilitatorCreatesRecipient = await this.recipients.isRegistered(fields.recipient);
    // A legacy (seed-shaped) approve may top the user up with SOL, bounded here and by the signer.
    const maxTopUpLamports = request.legacy ? this.policy.maxLegacyTopUpLamports.toString() : '0';
    const prepared = await this.chain.prepareApprove({
      approveTxBase64: request.approveTxBase64,
      user: fields.user,
      asset: fields.asset,
      recipient: fields.recipient,
      network,
      cap: fields.cap,
      facilitatorCreatesRecipient,
      maxTopUpLamports,
      legacy: request.legacy,
    });
    const signed = await this.chain.coSign(request.legacy ? 'legacy_approve' : 'approve', { ...party, txBase64: prepared.txBase64 });
    const approveTxSignature = await this.chain.sendAndConfirm(signed.signedTxBase64, network, 'session_approve', prepared.lastValidBlockHeight);
    // Counted below in the session's lamport budget: fee, rents and any legacy top-up alike.
    const paidByFacilitator = [approveTxSignature];
    // Only for a registered recipient (tx-builder returns no create otherwise): the merchant's token
    // account must exist before the first transfer can land in it.
    if (prepared.createRecipientTxBase64 && facilitatorCreatesRecipient) {
      const accountCreation = this.authority.key.signAccountCreation({
        wallet: fields.recipient,
        mint: fields.asset,
        network,
        sessionId,
        expiresAtUnix: (await this.clock()) + this.authority.ttlSeconds,
      });
      const create = await this.chain.coSign('create_account', { ...party, txBase64: prepared.createRecipientTxBase64, accountCreation });
      paidByFacilitator.push(await this.chain.sendAndConfirm(create.signedTxBase64, network, 'create_recipient_account', prepared.lastValidBlockHeight));
    }

    const delegation = await this.chain.readDelegation(prepared.sourceTokenAccount);
    if (delegation.delegate !== this.policy.facilitator) {
      throw ledgerError('delegate_mismatch', 'the confirmed approve does not delegate to this facilitator', { context: { sessionId } });
    }
    const onChainCap = await this.chain.decryptHandle(delegation.delegatedAmountHandle.toString(), network);
    const capMatches = onChainCap === BigInt(fields.cap);

    const record: SessionRecord = {
      sessionId,
      user: fields.user,
      spender: fields.spender,
      asset: fields.asset,
      recipient: fields.recipient,
      network,
      cap: fields.cap,
      spent: '0',
      // From the verified auth message only; the Lua charge script refuses any amount above it.
      perCallLimit,
      expirationUnix: fields.expirationUnix,
      sessionPubkey: fields.sessionPubkey,
      sourceAccount: prepared.sourceTokenAccount,
      approveTxSignature,
      status: capMatches ? 'active' : 'revoked',
      createdAtMs: now * 1000,
      legacy: request.legacy,
    };
    await this.ledger.createSession(record);
    // The open's fee and rents count against the session's lamport budget like its settlements.
    await this.spend.account(sessionId, paidByFacilitator, 'session_open');
    const session = toSessionMessage(record, now);
    if (!capMatches) {
      await this.events.publish(SessionClosedV1, { sessionId, reason: 'cap_mismatch', closedAtUnix: now, spent: '0' }, `session-closed:${sessionId}`);
      throw ledgerError('cap_mismatch', 'the on-chain delegated amount differs from the signed cap', {
        context: { sessionId, signedCap: fields.cap },
      });
    }
    await this.events.publish(SessionOpenedV1, sessionOpenedEvent(session, now), `session-opened:${sessionId}`);
    return session;
  }
}
