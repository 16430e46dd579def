import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IntegrationHarness } from '../../testing/integration-harness.fake';
import { withPx402 } from './with-px402.wrapper';

const harness = new IntegrationHarness();

describe('withPx402 (Web Request/Response, real Redis, facilitator emulator)', () => {
  beforeAll(() => harness.start());
  afterAll(() => harness.stop());

  function route(handler: (req: Request, ctx: { params: { city: string } }) => Promise<Response>) {
    return withPx402(handler, { ...harness.options(), remoteAddress: () => '127.0.0.1' });
  }
  const ctx = { params: { city: 'paris' } };

  it('402 → payment_pending → 200 with X-Payment-Signature → 409 replay', async () => {
    let calls = 0;
    const GET = route(async (_req, c) => {
      calls += 1;
      return Response.json({ city: c.params.city });
    });
    const base = 'http://app.local/api/weather/paris';

    const initial = await GET(new Request(base), ctx);
    expect(initial.status).toBe(402);
    expect(initial.headers.get('cache-control')).toBe('no-store');
    const headers = {
      'x-payment-id': initial.headers.get('x-payment-id')!,
      'x-payment-token': initial.headers.get('x-payment-token')!,
    };

    const pending = await GET(new Request(base, { headers }), ctx);
    expect(await pending.json()).toMatchObject({ reason: 'payment_pending' });

    const signature = harness.settle(headers['x-payment-id']);
    const served = await GET(new Request(`${base}?units=metric`, { headers }), ctx);
    expect(served.status).toBe(200);
    expect(served.headers.get('x-payment-signature')).toBe(signature);
    expect(await served.json()).toEqual({ city: 'paris' });

    const replayed = await GET(new Request(base, { headers }), ctx);
    expect(replayed.status).toBe(409);
    expect(calls).toBe(1);
  });

  it('answers 401 path_mismatch when a token for one path is used on another', async () => {
    const GET = route(async () => Response.json({}));
    const initial = await GET(new Request('http://app.local/api/weather/paris'), ctx);
    const headers = {
      'x-payment-id': initial.headers.get('x-payment-id')!,
      'x-payment-token': initial.headers.get('x-payment-token')!,
    };
    const res = await GET(new Request('http://app.local/api/weather/rome', { headers }), ctx);
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ reason: 'path_mismatch' });
  });

  it('adds the signature even when the handler returns a Response with immutable headers', async () => {
    const GET = route(async () => Response.redirect('http://app.local/elsewhere', 302));
    const initial = await GET(new Request('http://app.local/r'), ctx);
    const id = initial.headers.get('x-payment-id')!;
    harness.settle(id, 10_000n, 'sig-redirect');
    const res = await GET(
      new Request('http://app.local/r', { headers: { 'x-payment-id': id, 'x-payment-token': initial.headers.get('x-payment-token')! } }),
      ctx,
    );
    expect(res.status).toBe(302);
    expect(res.headers.get('x-payment-signature')).toBe('sig-redirect');
  });
});
