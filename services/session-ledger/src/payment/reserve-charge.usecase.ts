import { Inject, Injectable } from '@nestjs/common';
import type { Charge, ReserveChargeRequest } from '@quietpay/contracts';
import { QuietpayError } from '@quietpay/platform';
import { toCharge } from '../charge/charge.mapper';
import { newSettlementId } from '../ledger/settlement-id';
import { authorizeCall } from './authorize-call';
import { CHARGE_LEDGER, type ChargeLedger } from './charge-ledger.port';
import { chargeRequestFor } from './charge-request.factory';
import { PAYMENT_POLICY, type PaymentPolicy } from './payment.policy';
import { checkPaymentRequest } from './payment-request.check';
import { fromLedgerRejection, reject, type PaymentRejection } from './payment-rejection';
import { ledgerError } from '../shared/ledger.errors';

/**
 * `/settle`'s first step: the same checks as verify (never trusting that verify ran), then the
 * atomic reservation. The idempotency key is the x402 `payment-identifier` when the client sent
 * one, else `sessionId:nonce` (the gateway derives it; the field says which it is); the same key
 * again returns the original charge and never charges twice.
 */
@Injectable()
export class ReserveChargeUseCase {
  constructor(
    @Inject(CHARGE_LEDGER) private readonly ledger: ChargeLedger,
    @Inject(PAYMENT_POLICY) private readonly policy: PaymentPolicy,
  ) {}

  async execute(request: ReserveChargeRequest): Promise<Charge> {
    if (!request.requirements) throw rejected(reject('invalid_payment_requirements', 'requirements missing'));
    const checked = checkPaymentRequest(
      { payload: request.payload, legacyPayload: request.legacyPayload, requirements: request.requirements, resource: request.resource },
      this.policy,
    );
    if (!checked.ok) throw rejected(checked);
    const authorized = await authorizeCall(this.ledger, checked.call);
    if (!authorized.ok) throw rejected(authorized, checked.call.sessionId);
    const outcome = await this.ledger.reserve(
      { ...chargeRequestFor(checked.call, request.idempotencyKey), serveToken: request.serveToken, claimServe: request.claimServe },
      newSettlementId(checked.call.sessionId),
    );
    if (!outcome.ok) throw rejected(fromLedgerRejection(outcome.reason), checked.call.sessionId);
    const session = { ...authorized.session, spent: outcome.spent.toString() };
    return toCharge(outcome.charge, session, outcome.duplicate);
  }
}

function rejected(rejection: PaymentRejection, sessionId = ''): QuietpayError {
  return ledgerError(rejection.reason, rejection.message, { context: sessionId ? { sessionId } : {} });
}
