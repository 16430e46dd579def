import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { VerifyPaymentRequest, VerifyResult } from '@quietpay/contracts';
import { authorizeCall } from './authorize-call';
import { CHARGE_LEDGER, type ChargeLedger } from './charge-ledger.port';
import { chargeRequestFor } from './charge-request.factory';
import { PAYMENT_POLICY, type PaymentPolicy } from './payment.policy';
import { checkPaymentRequest } from './payment-request.check';
import { fromLedgerRejection, reject, type PaymentRejection } from './payment-rejection';

/**
 * `/verify`: every check a charge would run, charging nothing. An invalid payment is an
 * answer (isValid=false with its reason), not an error.
 */
@Injectable()
export class VerifyPaymentUseCase {
  constructor(
    @Inject(CHARGE_LEDGER) private readonly ledger: ChargeLedger,
    @Inject(PAYMENT_POLICY) private readonly policy: PaymentPolicy,
  ) {}

  async execute(request: VerifyPaymentRequest): Promise<VerifyResult> {
    if (!request.requirements) return invalid(reject('invalid_payment_requirements', 'requirements missing'));
    const checked = checkPaymentRequest(
      { payload: request.payload, legacyPayload: request.legacyPayload, requirements: request.requirements, resource: request.resource },
      this.policy,
    );
    if (!checked.ok) return invalid(checked);
    const authorized = await authorizeCall(this.ledger, checked.call);
    if (!authorized.ok) return invalid(authorized);
    const payer = authorized.session.user;
    // Verify writes nothing; the key /settle would use lets it refuse a key bound to another
    // payload. Without one (an older gateway) a throwaway key addresses an empty charge slot.
    const key = request.idempotencyKey || `verify:${randomUUID()}`;
    const outcome = await this.ledger.verify(chargeRequestFor(checked.call, key));
    if (!outcome.ok) return invalid(fromLedgerRejection(outcome.reason), payer);
    return { isValid: true, invalidReason: '', invalidMessage: '', payer };
  }
}

function invalid(rejection: PaymentRejection, payer = ''): VerifyResult {
  return { isValid: false, invalidReason: rejection.reason, invalidMessage: rejection.message, payer };
}
