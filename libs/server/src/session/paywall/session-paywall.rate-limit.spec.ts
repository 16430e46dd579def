import { encodePaymentSignatureHeader, type PaymentRequirements } from '@quietpay/x402';
import { describe, expect, it } from 'vitest';
import { OUTAGE_RETRY_AFTER_SECONDS } from './facilitator-unavailable.error';
import { PAY_TO, SEED_SUPPORTED } from './seed-facilitator.fake';
import { sessionPaywall } from './session-paywall.usecase';

const supported = SEED_SUPPORTED;

/** A facilitator whose /verify answers as the gateway does past RATE_LIMIT_PAYMENTS_PER_SESSION. */
const rateLimitedFacilitator = async (input: string): Promise<Response> => {
  if (input.endsWith('/supported')) return Response.json(supported);
  return Response.json(
    { error: 'rate_limited', message: 'too many requests (payments_per_session); retry in 7 s', limit: 'payments_per_session', retryAfterSeconds: 7 },
    { status: 429, headers: { 'Retry-After': '7' } },
  );
};

/** A facilitator whose /verify answers as the gateway does past MAX_IN_FLIGHT_REQUESTS. */
const overloadedFacilitator =
  (retryAfter: string | undefined) =>
  async (input: string): Promise<Response> => {
    if (input.endsWith('/supported')) return Response.json(supported);
    const headers: Record<string, string> = retryAfter === undefined ? {} : { 'Retry-After': retryAfter };
    return Response.json({ error: 'overloaded', message: 'too many requests in flight' }, { status: 503, headers });
  };

async function payThrough(fetch: (input: string) => Promise<Response>) {
  const paywall = sessionPaywall({ facilitatorUrl: 'http://facilitator.test', price: '0.5', payTo: PAY_TO, fetch });
  const unpaid = await paywall.decide('http://api.test/chat', undefined);
  const accepted = ((unpaid.kind === 'reply' ? unpaid.reply.body : {}) as { accepts: PaymentRequirements[] }).accepts[0]!;
  const signature = encodePaymentSignatureHeader({ x402Version: 2, accepted, payload: { sessionId: 'S', amount: accepted.amount } });
  return paywall.decide('http://api.test/chat', signature);
}

describe('an overloaded facilitator', () => {
  it("is answered 503 facilitator_unavailable with the facilitator's own Retry-After", async () => {
    const paid = await payThrough(overloadedFacilitator('2'));
    expect(paid.kind === 'reply' && paid.reply.status).toBe(503);
    if (paid.kind !== 'reply') return;
    expect(paid.reply.headers['Retry-After']).toBe('2');
    expect(paid.reply.body).toMatchObject({ error: 'facilitator_unavailable', phase: 'verify', retryable: true, retryAfterSeconds: 2 });
  });

  it('falls back to OUTAGE_RETRY_AFTER_SECONDS when the facilitator names no wait', async () => {
    const paid = await payThrough(overloadedFacilitator(undefined));
    if (paid.kind !== 'reply') throw new Error('expected a reply');
    expect(paid.reply.status).toBe(503);
    expect(paid.reply.headers['Retry-After']).toBe(String(OUTAGE_RETRY_AFTER_SECONDS));
  });
});

describe('a facilitator that rate-limits the session', () => {
  it('is answered 429 rate_limited with its Retry-After (not 503 facilitator_unavailable, not 402), and nothing is served', async () => {
    const paywall = sessionPaywall({ facilitatorUrl: 'http://facilitator.test', price: '0.5', payTo: PAY_TO, fetch: rateLimitedFacilitator });
    const unpaid = await paywall.decide('http://api.test/chat', undefined);
    expect(unpaid.kind === 'reply' && unpaid.reply.status).toBe(402);
    const accepted = ((unpaid.kind === 'reply' ? unpaid.reply.body : {}) as { accepts: PaymentRequirements[] }).accepts[0]!;
    const signature = encodePaymentSignatureHeader({ x402Version: 2, accepted, payload: { sessionId: 'S', amount: accepted.amount } });

    const paid = await paywall.decide('http://api.test/chat', signature);
    expect(paid.kind).toBe('reply');
    if (paid.kind !== 'reply') return;
    expect(paid.reply.status).toBe(429);
    expect(paid.reply.headers['Retry-After']).toBe('7');
    expect(paid.reply.body).toMatchObject({ error: 'rate_limited', phase: 'verify', retryable: true, retryAfterSeconds: 7 });
  });
});
