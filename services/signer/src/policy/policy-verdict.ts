import type { SignerRefusalCode } from '@quietpay/contracts';

/** Why a policy refused: a stable rule name (SIGNER_REFUSAL_CODES: callers and alerts switch on it) and a human detail. */
export interface PolicyRefusal {
  readonly reason: SignerRefusalCode;
  readonly detail: string;
}

export type PolicyVerdict = { readonly ok: true } | ({ readonly ok: false } & PolicyRefusal);

export const ACCEPT: PolicyVerdict = { ok: true };

/** Thrown inside a policy to stop at the first broken rule; converted to a verdict at the policy's edge. */
export class PolicyViolation extends Error {
  constructor(
    readonly reason: SignerRefusalCode,
    readonly detail: string,
  ) {
    super(`${reason}: ${detail}`);
  }
}

export function refuse(reason: SignerRefusalCode, detail: string): never {
  throw new PolicyViolation(reason, detail);
}

export function verdictOf(check: () => void): PolicyVerdict {
  try {
    check();
    return ACCEPT;
  } catch (error) {
    if (error instanceof PolicyViolation) return { ok: false, reason: error.reason, detail: error.detail };
    throw error;
  }
}
