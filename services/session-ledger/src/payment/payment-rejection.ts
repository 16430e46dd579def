import type { LedgerErrorCode } from '@quietpay/contracts';
import type { X402ErrorCode } from '@quietpay/x402';
import type { ChargeRejection } from '../ledger/ledger.types';

/**
 * Every reason a per-call payment can be refused with (docs/session-scheme.md "Errors"): the
 * ledger's codes that are x402 reasons, which the gateway passes on as `invalidReason`.
 */
export type PaymentRejectionReason = Extract<LedgerErrorCode, X402ErrorCode>;

export interface PaymentRejection {
  readonly ok: false;
  readonly reason: PaymentRejectionReason;
  readonly message: string;
}

export function reject(reason: PaymentRejectionReason, message: string): PaymentRejection {
  return { ok: false, reason, message };
}

/** The Lua script's reasons as x402 reasons; a zero amount is a malformed payload. */
export function fromLedgerRejection(reason: ChargeRejection): PaymentRejection {
  if (reason === 'invalid_amount') return reject('invalid_payload', 'amount must be positive');
  return reject(reason, reason.replaceAll('_', ' '));
}
