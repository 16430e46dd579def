import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Router } from 'express';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdminKeys } from '../admin-keys';
import { buildAdminApp } from '../http/admin.server';
import { consoleConfigShape } from './console.static';

const KEY = 'k'.repeat(32);
const dir = mkdtempSync(join(tmpdir(), 'qp-console-'));
let server: Server;
let base: string;

beforeAll(async () => {
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>console</title>');
  writeFileSync(join(dir, 'assets', 'app.js'), 'export {}');
  const probe = { mount: (router: Router) => router.get('/whoami', (_req, res) => res.json({ keyId: String(res.locals['adminKeyId']) })) };
  const app = buildAdminApp(AdminKeys.parse(`ops ${KEY}`), [probe], pino({ level: 'silent' }), dir);
  server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('web console on the admin port', () => {
  it('serves the static page without a key, same-origin only, never framed or cached', async () => {
    const res = await fetch(`${base}/console/`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<title>console</title>');
    expect(res.headers.get('content-security-policy')).toMatch(/default-src 'self'.*frame-ancestors 'none'/);
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect((await fetch(`${base}/console/assets/app.js`)).status).toBe(200);
    const root = await fetch(`${base}/`, { redirect: 'manual' });
    expect([root.status, root.headers.get('location')]).toEqual([302, '/console/']);
  });

  it('leaves every admin route behind the key, and serves nothing outside its directory', async () => {
    expect((await fetch(`${base}/admin/v1/whoami`)).status).toBe(401);
    const me = await fetch(`${base}/admin/v1/whoami`, { headers: { authorization: `Bearer ${KEY}` } });
    expect(await me.json()).toEqual({ keyId: 'ops' });
    expect((await fetch(`${base}/console/..%2f..%2fetc%2fpasswd`)).status).toBe(401);
    expect((await fetch(`${base}/console/missing.js`)).status).toBe(401);
  });

  it('refuses an ADMIN_CONSOLE_DIR without a built console', () => {
    expect(consoleConfigShape.ADMIN_CONSOLE_DIR.safeParse(dir).success).toBe(true);
    expect(consoleConfigShape.ADMIN_CONSOLE_DIR.safeParse(tmpdir()).success).toBe(false);
    expect(consoleConfigShape.ADMIN_CONSOLE_DIR.safeParse('').data).toBeUndefined();
  });
});
