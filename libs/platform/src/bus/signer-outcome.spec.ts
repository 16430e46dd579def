import type { SignOutcome } from '@quietpay/contracts';
import { describe, expect, it } from 'vitest';
import { QuietpayError } from '../errors/quietpay-error';
import { signedOrRefused } from './signer-outcome';

const signed: SignOutcome = { outcome: { case: 'signed', value: { signedTxBase64: 'AA==', signature: 'sig' } } };
const refused: SignOutcome = { outcome: { case: 'refused', value: { reason: 'moves_facilitator_funds', detail: 'source is the fee payer' } } };

describe('signedOrRefused', () => {
  it('answers the signed arm', () => {
    expect(signedOrRefused(signed.outcome, 'the transfer')).toEqual({ signedTxBase64: 'AA==', signature: 'sig' });
  });

  it('turns a policy refusal into terminal sign_refused naming the rule, with the caller context', () => {
    const error = (() => {
      try {
        return signedOrRefused(refused.outcome, 'the approve transaction', { sessionId: 's1' });
      } catch (thrown) {
        return thrown;
      }
    })();
    expect(error).toBeInstanceOf(QuietpayError);
    expect(error).toMatchObject({
      code: 'sign_refused',
      retryable: false,
      message: 'signer refused the approve transaction: moves_facilitator_funds',
      context: { sessionId: 's1', rule: 'moves_facilitator_funds', detail: 'source is the fee payer' },
    });
  });

  it('reads an answer without an outcome as an unreadable reply, not as a refusal', () => {
    expect(() => signedOrRefused({ case: undefined }, 'the transfer')).toThrow(expect.objectContaining({ code: 'bus_bad_reply' }));
  });
});
