import { Injectable } from '@nestjs/common';
import type { Charge, ServeChargeRequest } from '@quietpay/contracts';
import { QuietpayError } from '@quietpay/platform';
import { LedgerRepository } from '../ledger/ledger.repository';
import { toCharge } from './charge.mapper';
import { ledgerError } from '../shared/ledger.errors';

const MESSAGES = {
  charge_not_found: 'no charge with this settlement id',
  charge_released: 'this charge failed and was released: it pays for nothing',
  nonce_replayed: 'this payment was already served',
} as const;

/**
 * Claims the one serve a charge buys (ledger/charge.lua.ts SERVE_CHARGE_SCRIPT): the gateway asks
 * before it answers a per-call /settle with success, so a payload charged once serves once, even
 * when its client retried the same header after `settlement_pending`.
 */
@Injectable()
export class ServeChargeUseCase {
  constructor(private readonly ledger: LedgerRepository) {}

  async execute(request: ServeChargeRequest): Promise<Charge> {
    const at = await this.ledger.locate(request.settlementId);
    if (!at) throw refused('charge_not_found', request.settlementId);
    await this.claim(request.settlementId, at.sessionId, at.idempotencyKey, request.serveToken);
    const [charge, session] = await Promise.all([this.ledger.getCharge(at.sessionId, at.idempotencyKey), this.ledger.getSession(at.sessionId)]);
    if (!charge || !session) throw refused('charge_not_found', request.settlementId);
    return toCharge(charge, session);
  }

  /** The claim alone, for a charge whose place is known (SettleCharge just reserved it). */
  async claim(settlementId: string, sessionId: string, idempotencyKey: string, serveToken: string): Promise<void> {
    const claim = await this.ledger.claimServe(sessionId, idempotencyKey, serveToken);
    if (!claim.ok) throw refused(claim.reason, settlementId);
  }
}

function refused(reason: keyof typeof MESSAGES, settlementId: string): QuietpayError {
  return ledgerError(reason, MESSAGES[reason], { context: { settlementId } });
}
