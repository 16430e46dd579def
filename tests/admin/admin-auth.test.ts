import { describe, expect, it } from 'vitest';
import { loneGateways } from '../gateway/gateway-alone.fixture';
import { freePort } from '../support/free-port';
import { adminCall, adminUrlOf, writeAdminKeys } from './admin-keys.fixture';

// Who gets into the admin API: a real gateway process with no other service attached.

const API_KEY = 'resource-server-key-0123456789abcdef';

describe('admin API access (real gateway process)', () => {
  const start = loneGateways();

  it('is off without ADMIN_KEYS_FILE: nothing listens on ADMIN_PORT and the log says so', async () => {
    const port = await freePort();
    const { proc } = await start({ ADMIN_PORT: String(port) });
    await proc.waitForLog((l) => l.msg === 'admin API off (ADMIN_KEYS_FILE unset)', 'admin API off');
    await expect(fetch(`http://127.0.0.1:${port}/admin/v1/whoami`)).rejects.toThrow();
  });

  it('answers an admin key with its id; no key, a wrong key and a resource server API key get 401', async () => {
    const file = writeAdminKeys();
    const { url, proc } = await start({ ADMIN_KEYS_FILE: file.path, GATEWAY_API_KEYS: API_KEY, QUIETPAY_PROFILE: 'devnet' });
    const admin = await adminUrlOf(proc);
    expect(await adminCall(admin, '/admin/v1/whoami', file.keys.ops)).toEqual({ status: 200, body: { keyId: 'ops' } });
    expect(await adminCall(admin, '/admin/v1/whoami', file.keys.hashed)).toEqual({ status: 200, body: { keyId: 'ci' } });
    for (const key of [undefined, 'x'.repeat(40), API_KEY, `${file.keys.ops}x`]) {
      expect(await adminCall(admin, '/admin/v1/whoami', key)).toEqual({ status: 401, body: { error: 'unauthorized', message: expect.any(String) } });
    }
    // The public port serves no admin route, whatever the key.
    expect((await fetch(`${url}/admin/v1/whoami`, { headers: { authorization: `Bearer ${file.keys.ops}` } })).status).toBe(404);
    // No key ever reaches a log.
    expect(proc.output()).not.toContain(file.keys.ops);
  });

  it('refuses to start when an admin key is also a resource server API key, naming ADMIN_KEYS_FILE', async () => {
    const file = writeAdminKeys();
    const gateway = start({ ADMIN_KEYS_FILE: file.path, GATEWAY_API_KEYS: `${API_KEY},${file.keys.ops}` });
    await expect(gateway).rejects.toThrow(/ADMIN_KEYS_FILE.*also GATEWAY_API_KEYS/);
  });

  it('typed errors: bad query 400, unknown route 404, a service that does not answer 503', async () => {
    const file = writeAdminKeys();
    const { proc } = await start({ ADMIN_KEYS_FILE: file.path });
    const admin = await adminUrlOf(proc);
    const key = file.keys.ops;
    expect(await adminCall(admin, '/admin/v1/audit?limit=0', key)).toEqual({
      status: 400,
      body: { error: 'invalid_request', message: expect.stringContaining('limit') },
    });
    expect(await adminCall(admin, '/admin/v1/audit?before=nope', key)).toMatchObject({ status: 400, body: { error: 'invalid_request' } });
    expect(await adminCall(admin, '/admin/v1/nothing-here', key)).toMatchObject({ status: 404, body: { error: 'not_found' } });
    expect(await adminCall(admin, '/admin/v1/audit', key)).toEqual({ status: 200, body: { items: [] } });
    // Recipient changes need the admin API's own NATS user, which this gateway was not given.
    expect(await adminCall(admin, '/admin/v1/recipients', key)).toMatchObject({ status: 409, body: { error: 'not_configured' } });
    const health = await adminCall(admin, '/admin/v1/health', key);
    expect(health.status).toBe(503);
    expect(health.body).toMatchObject({ ready: false, notReady: expect.arrayContaining(['session-ledger']) });
  });
});
