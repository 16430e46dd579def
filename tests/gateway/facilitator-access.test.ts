import { describe, expect, it } from 'vitest';
import { loneGateways } from './gateway-alone.fixture';

// Who may call /verify and /settle, per profile: the gateway as a real process (no other service
// attached, so an admitted call goes on to a typed 4xx/503, never to money).

describe('facilitator access outside localnet (real gateway process)', () => {
  const start = loneGateways();
  const post = async (url: string, path: string, headers: Record<string, string> = {}) => {
    const res = await fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: '{}' });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  it('devnet without GATEWAY_API_KEYS: /verify and /settle answer 401, and the startup log says why at warn', async () => {
    const { url, proc } = await start({ QUIETPAY_PROFILE: 'devnet' });
    for (const path of ['/verify', '/settle']) {
      expect(await post(url, path)).toEqual({ status: 401, body: { error: 'unauthorized', message: expect.any(String) } });
      expect((await post(url, path, { authorization: 'Bearer guessed-key' })).status).toBe(401);
    }
    const warning = proc.logs.find((l) => typeof l.msg === 'string' && l.msg.includes('GATEWAY_API_KEYS is unset'));
    expect(warning?.['level']).toBe('warn');
    // The user-facing and discovery routes stay open.
    expect((await fetch(`${url}/supported`)).status).toBe(200);
  });

  it('devnet with keys: a configured key gets past the guard (to body validation)', async () => {
    const { url } = await start({ QUIETPAY_PROFILE: 'devnet', GATEWAY_API_KEYS: 'k-one-0123456789' });
    expect((await post(url, '/settle')).status).toBe(401);
    expect((await post(url, '/settle', { authorization: 'Bearer k-one-0123456789' })).status).toBe(400);
  });

  it('devnet with GATEWAY_ALLOW_ANONYMOUS=true: open, and the opt-out is named at warn', async () => {
    const { url, proc } = await start({ QUIETPAY_PROFILE: 'devnet', GATEWAY_ALLOW_ANONYMOUS: 'true' });
    expect((await post(url, '/verify')).status).toBe(400);
    const warning = proc.logs.find((l) => typeof l.msg === 'string' && l.msg.includes('GATEWAY_ALLOW_ANONYMOUS=true'));
    expect(warning?.['level']).toBe('warn');
  });

  it('localnet without keys stays open (the demo and the tests)', async () => {
    const { url } = await start({ QUIETPAY_PROFILE: 'localnet' });
    expect((await post(url, '/verify')).status).toBe(400);
  });
});
