import { randomBytes, randomUUID } from 'node:crypto';
import { FacilitatorRateLimitedError, QuietpayFacilitatorClient, SessionSchemeServer } from '@quietpay/server';
import { signSessionPayment } from '@quietpay/x402';
import { x402ResourceServer } from '@x402/core/server';
import type { PaymentPayload, PaymentRequirements } from '@x402/core/types';
import bs58 from 'bs58';
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { MINT, PAY_TO } from './gateway-alone.fixture';
import { rateLimitedLedgerGateway, seedSession } from './seeded-session.fixture';

// @x402/core's x402ResourceServer with quietpay's SessionSchemeServer, against a real gateway and
// session-ledger (processes, private NATS, the shared Redis) whose per-session limit is 2 calls:
// the third verify is the gateway's 429, and it must reach the integrator as a typed
// FacilitatorRateLimitedError carrying the gateway's Retry-After, so it can answer the buyer 429
// (with the stock HTTPFacilitatorClient it is a plain Error, the buyer's 500).

const LIMIT = 2;
const WINDOW_SECONDS = 300;
const NETWORK = 'solana:localnet';
const RESOURCE = 'https://api.example/report';
const PREFIX = `test:scheme-rl:${randomUUID()}:`;
const redis = new Redis('redis://127.0.0.1:6379');
const gateway = rateLimitedLedgerGateway(redis, { prefix: PREFIX, network: NETWORK, limit: LIMIT, windowSeconds: WINDOW_SECONDS, ledgers: 1 });

describe('SessionSchemeServer through x402ResourceServer, facilitator rate limit', () => {
  it('verifies up to the limit, then throws FacilitatorRateLimitedError with the gateway Retry-After (typed, retryable), never a plain Error', async () => {
    const resourceServer = new x402ResourceServer(new QuietpayFacilitatorClient({ url: gateway() })).register(NETWORK, new SessionSchemeServer());
    // As an integrator starts it: the session kind from the gateway's /supported, through the same client.
    await resourceServer.initialize();
    const requirements = {
      scheme: 'session',
      network: NETWORK,
      asset: MINT,
      amount: '1000',
      payTo: PAY_TO,
      maxTimeoutSeconds: 60,
      extra: {},
    } as PaymentRequirements;
    const session = await seedSession(redis, PREFIX, NETWORK);
    const pay = (): PaymentPayload =>
      ({
        x402Version: 2,
        resource: { url: RESOURCE },
        accepted: requirements,
        payload: signSessionPayment(
          { sessionId: session.sessionId, amount: '1000', nonce: bs58.encode(randomBytes(16)), resource: RESOURCE, payTo: PAY_TO },
          session.key.secretKey,
        ),
      }) as unknown as PaymentPayload;

    for (let i = 0; i < LIMIT; i += 1) {
      expect(await resourceServer.verifyPayment(pay(), requirements), `call ${i + 1}`).toMatchObject({ isValid: true });
    }
    const refused = await resourceServer.verifyPayment(pay(), requirements).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(FacilitatorRateLimitedError);
    const limited = refused as FacilitatorRateLimitedError;
    expect(limited).toMatchObject({ code: 'rate_limited', phase: 'verify', retryable: true });
    expect(limited.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(limited.retryAfterSeconds).toBeLessThanOrEqual(WINDOW_SECONDS);
  });
});
