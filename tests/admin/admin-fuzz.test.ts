import { FacilitatorClient } from '@quietpay/sdk';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSessionPayer } from '../support/session-payer';
import { type SessionStack, startSessionStack } from '../support/session-stack';
import { adminCall, adminUrlOf, listAdminSessions, writeAdminKeys } from './admin-keys.fixture';

// The admin API (its own port, admin keys) under junk paths, queries and bodies from a key holder:
// every answer is typed JSON below 500, and the registry and the sessions are as they were. The
// public routes have their own fuzz (tests/fuzz/edge-fuzz.test.ts).

const SEED = Number(process.env['FUZZ_SEED'] ?? 20261205);
const RUNS = Number(process.env['FUZZ_RUNS'] ?? 20);
const keys = writeAdminKeys();
const KEY = keys.keys.ops;
let stack: SessionStack;
let admin: string;

const junk = (): fc.Arbitrary<string> =>
  fc.oneof(
    fc.string({ maxLength: 40 }),
    fc.string({ unit: 'binary', maxLength: 40 }),
    fc.constantFrom('', '0', '-1', 'abc', '99999999999999999999', 'NaN', 'null', '../../etc/passwd', '%00', '<script>', ' ', 'a'.repeat(5000)),
    fc.stringMatching(/^[1-9A-HJ-NP-Za-km-z]{32,44}$/),
  );
const seg = (): fc.Arbitrary<string> => junk().map((s) => encodeURIComponent(s) || '_');
const query = (): fc.Arbitrary<string> =>
  fc
    .array(fc.tuple(fc.constantFrom('status', 'payer', 'recipient', 'legacy', 'limit', 'cursor', 'since', 'window', 'q', 'session'), junk()), { maxLength: 3 })
    .map((pairs) => pairs.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&'));
const body = (): fc.Arbitrary<string> =>
  fc.oneof(
    fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v) ?? 'null'),
    junk(),
  );

interface FuzzRequest {
  readonly method: 'GET' | 'POST' | 'DELETE';
  readonly path: string;
  readonly body?: string;
}

/** Every admin route (docs/admin-api.yaml) except the event stream, which answers by streaming. */
const ADMIN_ROUTES: Readonly<Record<string, fc.Arbitrary<FuzzRequest>>> = {
  'GET /whoami': query().map((q) => ({ method: 'GET', path: `/admin/v1/whoami?${q}` })),
  'GET /health': query().map((q) => ({ method: 'GET', path: `/admin/v1/health?${q}` })),
  'GET /audit': query().map((q) => ({ method: 'GET', path: `/admin/v1/audit?${q}` })),
  'GET /sessions': query().map((q) => ({ method: 'GET', path: `/admin/v1/sessions?${q}` })),
  'GET /sessions/:id': seg().map((id) => ({ method: 'GET', path: `/admin/v1/sessions/${id}` })),
  'POST /sessions/:id/close': fc.tuple(seg(), body()).map(([id, b]) => ({ method: 'POST', path: `/admin/v1/sessions/${id}/close`, body: b })),
  'GET /settlements': query().map((q) => ({ method: 'GET', path: `/admin/v1/settlements?${q}` })),
  'GET /settlements/:id': seg().map((id) => ({ method: 'GET', path: `/admin/v1/settlements/${id}` })),
  'GET /private-payments': query().map((q) => ({ method: 'GET', path: `/admin/v1/private-payments?${q}` })),
  'GET /recipients': query().map((q) => ({ method: 'GET', path: `/admin/v1/recipients?${q}` })),
  'POST /recipients': body().map((b) => ({ method: 'POST', path: '/admin/v1/recipients', body: b })),
  'DELETE /recipients/:address': seg().map((a) => ({ method: 'DELETE', path: `/admin/v1/recipients/${a}` })),
  'GET /balances': query().map((q) => ({ method: 'GET', path: `/admin/v1/balances?${q}` })),
  'GET /metrics/summary': query().map((q) => ({ method: 'GET', path: `/admin/v1/metrics/summary?${q}` })),
  'POST /reconcile': body().map((b) => ({ method: 'POST', path: '/admin/v1/reconcile', body: b })),
  'unknown route': fc
    .tuple(fc.constantFrom('GET', 'POST', 'DELETE') as fc.Arbitrary<'GET' | 'POST' | 'DELETE'>, seg())
    .map(([method, s]) => ({ method, path: `/admin/v1/${s}` })),
};

async function state(): Promise<string> {
  const recipients = await adminCall(admin, '/admin/v1/recipients', KEY);
  const sessions = await listAdminSessions(admin, KEY);
  return JSON.stringify([recipients.status, recipients.body, sessions]);
}

let before: string;

beforeAll(async () => {
  stack = await startSessionStack({ serviceEnvFor: (name) => (name === 'gateway' ? { ADMIN_KEYS_FILE: keys.path } : undefined) });
  admin = await adminUrlOf(stack.processes.find((p) => p.name === 'gateway')!);
  // One live session, so a fuzzed close or lookup that reached it would show in the state.
  const kind = await new FacilitatorClient(stack.gatewayUrl).sessionKind();
  await openSessionPayer(stack, kind, stack.wallets.agent, stack.wallets.merchant, 10_000n);
  before = await state();
  expect(JSON.parse(before)[2]).toHaveLength(1);
}, 300_000);

afterAll(async () => {
  await stack?.stop();
}, 60_000);

describe('fuzz: no input makes an admin route answer 5xx or change the registry or a session', () => {
  for (const [route, arbitrary] of Object.entries(ADMIN_ROUTES)) {
    it(
      `admin ${route}`,
      async () => {
        await fc.assert(
          fc.asyncProperty(arbitrary, async (request) => {
            const res = await fetch(`${admin}${request.path}`, {
              method: request.method,
              headers: { authorization: `Bearer ${KEY}`, ...(request.body === undefined ? {} : { 'content-type': 'application/json' }) },
              ...(request.body === undefined ? {} : { body: request.body }),
            });
            const text = await res.text();
            const what = `${request.method} ${request.path.slice(0, 200)} → ${res.status} ${text.slice(0, 300)}`;
            expect(res.status, what).toBeLessThan(500);
            // The key is valid: every input reaches the route's own checks.
            expect(res.status, what).not.toBe(401);
            expect(res.headers.get('content-type') ?? '', text.slice(0, 200)).toMatch(/^application\/json/);
          }),
          { seed: SEED, numRuns: RUNS },
        );
      },
      120_000 + RUNS * 2_000,
    );
  }

  it('left the recipient registry and the sessions as they were', async () => {
    expect(await state()).toEqual(before);
  });
});
