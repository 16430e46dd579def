import { describe, expect, it } from 'vitest';
import { QuietpaySdkError } from '../errors/sdk.error';
import { askWallet } from './wallet-refusal';

describe('askWallet: one rule for a wallet that does not sign', () => {
  it('a refusal or failure is a retryable wallet_refused (phase sign), the wallet error as cause', async () => {
    const refusal = new Error('User rejected the request');
    const err = await askWallet('the approve transaction', () => Promise.reject(refusal)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(QuietpaySdkError);
    expect(err).toMatchObject({ code: 'wallet_refused', phase: 'sign', retryable: true, cause: refusal });
    expect((err as Error).message).toContain('the approve transaction');
  });

  it("passes the wallet's own typed error and its answer through", async () => {
    const typed = new QuietpaySdkError('wallet_refused', 'cannot sign this', {}, false, { phase: 'sign' });
    expect(await askWallet('x', () => Promise.reject(typed)).catch((e: unknown) => e)).toBe(typed);
    expect(await askWallet('x', () => Promise.resolve(7))).toBe(7);
  });
});
