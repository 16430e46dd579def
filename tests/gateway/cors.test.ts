import { describe, expect, it } from 'vitest';
import { loneGateways } from './gateway-alone.fixture';

// Issue 12: a web app on another origin opens sessions and pays through the gateway. Preflights
// are answered before guards, allowed origins can read the x402/px402 headers, and outside
// localnet no origin is allowed until the operator lists it.

const startGateway = loneGateways();
const APP = 'https://app.example';

const preflight = (url: string, origin: string): Promise<Response> =>
  fetch(`${url}/sessions`, {
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
  });

describe('gateway CORS', () => {
  it('allows any origin on localnet by default and exposes the x402 headers', async () => {
    const { url } = await startGateway({ QUIETPAY_PROFILE: 'localnet' });
    const pre = await preflight(url, 'http://localhost:5173');
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    expect(pre.headers.get('access-control-allow-methods')).toContain('POST');
    expect(pre.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('payment-signature');
    const res = await fetch(`${url}/supported`, { headers: { origin: 'http://localhost:5173' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    const exposed = (res.headers.get('access-control-expose-headers') ?? '').toLowerCase().split(/,\s*/);
    expect(exposed).toEqual(
      expect.arrayContaining(['payment-required', 'payment-response', 'x-payment-id', 'x-payment-token', 'x-payment-signature', 'x-payment-amount']),
    );
    expect(res.headers.get('vary')?.toLowerCase()).toContain('origin');
  });

  it('allows no origin by default outside localnet', async () => {
    const { url } = await startGateway({ QUIETPAY_PROFILE: 'devnet' });
    const pre = await preflight(url, APP);
    expect(pre.status).toBe(403);
    expect(await pre.json()).toMatchObject({ error: 'cors_origin_denied' });
    const res = await fetch(`${url}/supported`, { headers: { origin: APP } });
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('allows exactly the configured origins', async () => {
    const { url } = await startGateway({ QUIETPAY_PROFILE: 'devnet', CORS_ALLOWED_ORIGINS: `${APP}, http://localhost:5173` });
    const allowed = await preflight(url, APP);
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(APP);
    const other = await preflight(url, 'https://evil.example');
    expect(other.status).toBe(403);
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    // Requests without Origin (servers, agents) are untouched.
    const server = await fetch(`${url}/supported`);
    expect(server.status).toBe(200);
    expect(server.headers.get('access-control-allow-origin')).toBeNull();
  });
});
