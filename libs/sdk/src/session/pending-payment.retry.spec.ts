import { encodePaymentRequiredHeader, X402_V2_HEADERS } from '@quietpay/x402';
import { describe, expect, it } from 'vitest';
import { resendWhilePending } from './pending-payment.retry';

function pending(retryAfter?: string): Response {
  const header = encodePaymentRequiredHeader({
    x402Version: 2,
    error: 'settlement_pending',
    resource: { url: 'http://x/api' },
    accepts: [
      {
        scheme: 'session',
        network: 'solana:devnet',
        asset: 'So11111111111111111111111111111111111111112',
        amount: '1',
        payTo: 'So11111111111111111111111111111111111111112',
        maxTimeoutSeconds: 60,
        extra: {},
      },
    ],
  });
  return new Response('{}', { status: 402, headers: { [X402_V2_HEADERS.paymentRequired]: header, ...(retryAfter ? { 'Retry-After': retryAfter } : {}) } });
}

describe('resendWhilePending', () => {
  it('re-sends the same request while settlement is pending, honouring Retry-After, until served', async () => {
    const answers = [pending('2'), new Response('served', { status: 200 })];
    const slept: number[] = [];
    const res = await resendWhilePending(
      async () => answers.shift()!,
      pending(),
      { initialDelayMs: 100, maxDelayMs: 5_000, maxWaitMs: 60_000 },
      async (ms) => void slept.push(ms),
    );
    expect(res.status).toBe(200);
    expect(slept).toEqual([100, 2_000]);
  });

  it('returns the last 402 once the bound is reached, and passes any other answer through at once', async () => {
    let sends = 0;
    const res = await resendWhilePending(
      async () => (sends++, pending()),
      pending(),
      { initialDelayMs: 100, maxDelayMs: 400, maxWaitMs: 1_000 },
      async () => undefined,
    );
    expect(res.status).toBe(402);
    expect(sends).toBe(3); // re-sent after 100, 200 and 400 ms; another 400 would pass 1000
    const other = new Response('nope', { status: 402 });
    expect(await resendWhilePending(async () => pending(), other, { initialDelayMs: 1, maxDelayMs: 1, maxWaitMs: 10 })).toBe(other);
  });

  it('keeps re-sending through a 503 once the payment was answered pending, but not a 503 on its own', async () => {
    const unavailable = () => new Response('{"error":"facilitator_unavailable"}', { status: 503, headers: { 'Retry-After': '1' } });
    const answers = [unavailable(), pending(), new Response('served', { status: 200 })];
    const slept: number[] = [];
    const res = await resendWhilePending(
      async () => answers.shift()!,
      pending(),
      { initialDelayMs: 100, maxDelayMs: 5_000, maxWaitMs: 60_000 },
      async (ms) => void slept.push(ms),
    );
    expect(res.status).toBe(200);
    expect(slept).toEqual([100, 1_000, 400]);
    const first503 = unavailable();
    expect(await resendWhilePending(async () => pending(), first503, { initialDelayMs: 1, maxDelayMs: 1, maxWaitMs: 10 })).toBe(first503);
  });

  it("keeps re-sending through the facilitator's 429 rate_limited once the payment was answered pending", async () => {
    const limited = () => new Response('{"error":"rate_limited"}', { status: 429, headers: { 'Retry-After': '2' } });
    const answers = [limited(), new Response('served', { status: 200 })];
    const slept: number[] = [];
    const res = await resendWhilePending(
      async () => answers.shift()!,
      pending(),
      { initialDelayMs: 100, maxDelayMs: 5_000, maxWaitMs: 60_000 },
      async (ms) => void slept.push(ms),
    );
    expect(res.status).toBe(200);
    expect(slept).toEqual([100, 2_000]);
  });
});
