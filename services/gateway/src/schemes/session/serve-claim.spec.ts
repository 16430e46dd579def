import { QuietpayError } from '@quietpay/platform';
import { describe, expect, it } from 'vitest';
import { claimServeUntil } from './serve-claim';

const lost = (): QuietpayError => new QuietpayError('bus_timeout', 'no reply', { retryable: true });
const refused = (): QuietpayError => new QuietpayError('nonce_replayed', 'served', { retryable: false });

/** A claim whose answers a test scripts, counting the asks. */
function claims(...answers: (QuietpayError | 'ok')[]): { claim: () => Promise<unknown>; asks: () => number } {
  let asks = 0;
  return {
    asks: () => asks,
    claim: async () => {
      const answer = answers[Math.min(asks++, answers.length - 1)];
      if (answer !== 'ok') throw answer;
    },
  };
}

describe('claimServeUntil', () => {
  it('asks again with the same token after lost answers, until the ledger answers', async () => {
    const c = claims(lost(), lost(), 'ok');
    await claimServeUntil(c.claim, Date.now() + 1_000, 5);
    expect(c.asks()).toBe(3);
  });

  it('a refusal is final at once', async () => {
    const c = claims(refused(), 'ok');
    await expect(claimServeUntil(c.claim, Date.now() + 1_000, 5)).rejects.toMatchObject({ code: 'nonce_replayed' });
    expect(c.asks()).toBe(1);
  });

  it('gives up with the last unknown once the deadline is near', async () => {
    const c = claims(lost());
    await expect(claimServeUntil(c.claim, Date.now() + 50, 10)).rejects.toMatchObject({ code: 'bus_timeout', retryable: true });
    expect(c.asks()).toBeGreaterThan(1);
  });

  it('an error that is not the ledger answering (a bug) is not retried', async () => {
    const c = claims(new TypeError('boom') as unknown as QuietpayError);
    await expect(claimServeUntil(c.claim, Date.now() + 1_000, 5)).rejects.toBeInstanceOf(TypeError);
    expect(c.asks()).toBe(1);
  });
});
