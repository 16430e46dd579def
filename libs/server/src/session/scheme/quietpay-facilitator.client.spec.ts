import type { PaymentPayload, PaymentRequirements } from '@x402/core/types';
import { x402ResourceServer } from '@x402/core/server';
import { describe, expect, it } from 'vitest';
import { FacilitatorRateLimitedError } from '../paywall/facilitator-rate-limited.error';
import { FacilitatorUnavailableError } from '../paywall/facilitator-unavailable.error';
import { QuietpayFacilitatorClient } from './quietpay-facilitator.client';
import { SessionSchemeServer } from './session-scheme.server';

// The facilitator's refusals to answer, through @x402/core's x402ResourceServer as an integrator
// calls it: typed errors with the facilitator's Retry-After, never a plain Error (a 500).

const NETWORK = 'solana:localnet';
const MINT = '7crFMbJN7hxVhUPNcRRxTGr9nD3TnvpZ8pNZepA19wuB';
const requirements = {
  scheme: 'session',
  network: NETWORK,
  asset: MINT,
  amount: '1000',
  payTo: '11111111111111111111111111111112',
  maxTimeoutSeconds: 60,
  extra: {},
} as PaymentRequirements;
const payload = { x402Version: 2, accepted: requirements, payload: { sessionId: 'S', amount: '1000' } } as unknown as PaymentPayload;

type Answer = (path: string) => Response | Promise<Response>;
const facilitator = (answer: Answer) =>
  new QuietpayFacilitatorClient({ url: 'http://facilitator.test/', fetch: (input) => Promise.resolve(answer(new URL(input).pathname)) });
const server = (answer: Answer) => new x402ResourceServer(facilitator(answer)).register(NETWORK, new SessionSchemeServer());

async function caught(work: Promise<unknown>): Promise<unknown> {
  try {
    await work;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

const rateLimited = (seconds: string) =>
  Response.json(
    { error: 'rate_limited', limit: 'payments_per_session', retryAfterSeconds: Number(seconds) },
    { status: 429, headers: { 'Retry-After': seconds } },
  );

describe('QuietpayFacilitatorClient', () => {
  it('a 429 on /verify or /settle is FacilitatorRateLimitedError with the facilitator Retry-After and the phase', async () => {
    const verify = await caught(server(() => rateLimited('7')).verifyPayment(payload, requirements));
    expect(verify).toBeInstanceOf(FacilitatorRateLimitedError);
    expect(verify).toMatchObject({ code: 'rate_limited', retryable: true, phase: 'verify', retryAfterSeconds: 7 });
    const settle = await caught(facilitator(() => rateLimited('12')).settle(payload, requirements));
    expect(settle).toMatchObject({ code: 'rate_limited', phase: 'settle', retryAfterSeconds: 12 });
    // No (or a junk) Retry-After: wait at least a second.
    const bare = await caught(facilitator(() => new Response('', { status: 429 })).verify(payload, requirements));
    expect(bare).toMatchObject({ code: 'rate_limited', retryAfterSeconds: 1 });
  });

  it('503 overloaded, a 5xx, no answer or a timeout is FacilitatorUnavailableError, with the Retry-After when one was given', async () => {
    const overloaded = await caught(
      server(() => Response.json({ error: 'overloaded' }, { status: 503, headers: { 'Retry-After': '2' } })).verifyPayment(payload, requirements),
    );
    expect(overloaded).toBeInstanceOf(FacilitatorUnavailableError);
    expect(overloaded).toMatchObject({ code: 'facilitator_unavailable', retryable: true, phase: 'verify', status: 503, retryAfterSeconds: 2 });
    const broken = await caught(facilitator(() => new Response('<html>bad gateway</html>', { status: 502 })).settle(payload, requirements));
    expect(broken).toMatchObject({ code: 'facilitator_unavailable', phase: 'settle', status: 502, retryAfterSeconds: undefined });
    const down = await caught(facilitator(() => Promise.reject(new TypeError('fetch failed'))).verify(payload, requirements));
    expect(down).toMatchObject({ code: 'facilitator_unavailable', phase: 'verify', status: undefined });
    const slow = new QuietpayFacilitatorClient({
      url: 'http://facilitator.test',
      timeoutMs: 20,
      fetch: (_input, init) => new Promise((_resolve, reject) => init?.signal?.addEventListener('abort', () => reject(init.signal?.reason))),
    });
    expect(await caught(slow.verify(payload, requirements))).toMatchObject({ code: 'facilitator_unavailable', phase: 'verify' });
    const supported = await caught(facilitator(() => new Response('', { status: 503, headers: { 'Retry-After': '4' } })).getSupported());
    expect(supported).toMatchObject({ code: 'facilitator_unavailable', phase: 'supported', status: 503, retryAfterSeconds: 4 });
  });

  it('an x402 answer is returned as is, whatever its status, unknown fields kept', async () => {
    const valid = { isValid: true, payer: 'P', extra: { remaining: '5' }, newField: 1 };
    expect(await server(() => Response.json(valid)).verifyPayment(payload, requirements)).toMatchObject(valid);
    const refused = { isValid: false, invalidReason: 'session_not_found' };
    expect(await facilitator(() => Response.json(refused, { status: 400 })).verify(payload, requirements)).toMatchObject(refused);
    const settled = { success: true, transaction: 'sig', network: NETWORK, payer: 'P' };
    expect(await facilitator(() => Response.json(settled)).settle(payload, requirements)).toMatchObject(settled);
  });
});
