import type { ErrorContext } from '../errors/quietpay-error';
import { QuietpayError } from '../errors/quietpay-error';

/** The `outcome` oneof of the signer's answers (quietpay.signer.v1 SignOutcome, SignDecryptAuthOutcome). */
export type SignerOutcome =
  | { readonly case: 'signed'; readonly value: unknown }
  | { readonly case: 'refused'; readonly value: { readonly reason: string; readonly detail: string } }
  | { readonly case: undefined; readonly value?: undefined };

/**
 * The signed arm of a signer answer, read the same way by every caller. A policy refusal becomes
 * terminal `sign_refused` naming the rule (`context.rule`, with its `detail`): a verdict on the
 * bytes, which never pass unchanged. An answer with no outcome is `bus_bad_reply`.
 *
 * @example
 * const signed = signedOrRefused(reply.outcome, 'the settlement transfer', { settlementId });
 */
export function signedOrRefused<Outcome extends SignerOutcome>(
  outcome: Outcome,
  what: string,
  context: ErrorContext = {},
): Extract<Outcome, { case: 'signed' }>['value'] {
  if (outcome.case === 'signed') return outcome.value as Extract<Outcome, { case: 'signed' }>['value'];
  if (outcome.case === 'refused') {
    throw new QuietpayError('sign_refused', `signer refused ${what}: ${outcome.value.reason}`, {
      context: { ...context, rule: outcome.value.reason, detail: outcome.value.detail },
    });
  }
  throw new QuietpayError('bus_bad_reply', `signer answered ${what} without an outcome`);
}
