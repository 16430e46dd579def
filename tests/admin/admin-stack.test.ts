import { writeFileSync } from 'node:fs';
import { Keypair } from '@solana/web3.js';
import { createSession, keypairWallet, memorySessionStorage, readPaymentRequired, type SessionHandle } from '@quietpay/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHAT_PRICE, chatCall, paidChat } from '../support/paid-chat';
import { type SessionStack, startSessionStack } from '../support/session-stack';
import { buildProjects } from '../support/build-projects';
import { adminCall, adminUrlOf, listAdminSessions, openEvents, writeAdminKeys } from './admin-keys.fixture';
import { quietpay } from './cli.fixture';

// The admin API against the whole stack on localnet: two gateways (each with its admin port),
// the other services, a paid API and the SDK. What it reports must be what was paid.

const keys = writeAdminKeys();
const KEY = keys.keys.ops;
let stack: SessionStack;
let admins: string[];

async function openSession(cap: string): Promise<SessionHandle> {
  return createSession({
    wallet: keypairWallet(stack.wallets.agent),
    facilitatorUrl: stack.gatewayUrl,
    connection: stack.connection,
    cap,
    expiresInSeconds: 3600,
    recipient: stack.wallets.merchant.publicKey.toBase58(),
    storage: memorySessionStorage(),
  });
}

const chat = (handle: SessionHandle, message: string): Promise<Response> => chatCall(stack, handle, message);
const paidCall = (handle: SessionHandle, message: string): Promise<string> => paidChat(stack, handle, message);

const listSessions = (base: string, query: string): Promise<Record<string, unknown>[]> => listAdminSessions(base, KEY, query);

beforeAll(async () => {
  buildProjects(['libs/cli']);
  stack = await startSessionStack({ gateways: 2, serviceEnvFor: (name) => (name === 'gateway' ? { ADMIN_KEYS_FILE: keys.path } : undefined) });
  admins = await Promise.all(stack.processes.filter((p) => p.name === 'gateway').map((p) => adminUrlOf(p)));
}, 300_000);

afterAll(async () => {
  await stack?.stop();
}, 60_000);

describe('admin API on the stack (localnet)', () => {
  it('after paid calls, sessions, charges, settlements and balances show what was paid; a settlement arrives live on another replica', async () => {
    const [first, second] = admins as [string, string];
    const payer = stack.wallets.agent.publicKey.toBase58();
    const handle = await openSession('2');
    const events = await openEvents(second, KEY);
    const signatures = [await paidCall(handle, 'one'), await paidCall(handle, 'two')];

    // Live: the second replica's stream delivers both settlements, fed from JetStream.
    for (const signature of signatures) {
      const event = await events.waitFor((e) => e.event === 'settlement.settled' && e.data?.includes(signature) === true, `settled ${signature}`);
      expect(JSON.parse(event.data!)).toMatchObject({ kind: 'settlement.settled', sessionId: handle.sessionId, amount: CHAT_PRICE.toString(), signature });
      expect(event.id).toMatch(/^SETTLEMENTS:\d+/);
    }
    events.close();

    const listed = (await listSessions(first, `payer=${payer}&state=active`)).find((s) => s['sessionId'] === handle.sessionId);
    expect(listed).toMatchObject({
      payer,
      recipient: stack.wallets.merchant.publicKey.toBase58(),
      state: 'active',
      cap: '2000000',
      spent: '1000000',
      remaining: '1000000',
      legacy: false,
    });

    const detail = await adminCall(first, `/admin/v1/sessions/${handle.sessionId}`, KEY);
    expect(detail.status).toBe(200);
    const charges = detail.body['charges'] as {
      chargeId: string;
      amount: string;
      state: string;
      signature: string;
      settlement: { state: string; signature: string };
    }[];
    expect(charges.map((c) => c.signature).sort()).toEqual([...signatures].sort());
    for (const c of charges)
      expect(c).toMatchObject({ amount: CHAT_PRICE.toString(), state: 'settled', settlement: { state: 'settled', signature: c.signature } });

    const receipt = await adminCall(second, `/admin/v1/settlements/${charges[0]!.chargeId}`, KEY);
    expect(receipt).toMatchObject({
      status: 200,
      body: {
        sessionId: handle.sessionId,
        amount: CHAT_PRICE.toString(),
        state: 'settled',
        signature: charges[0]!.signature,
        batch: { size: 1, members: [charges[0]!.chargeId] },
      },
    });

    const recent = await adminCall(first, '/admin/v1/settlements?limit=500', KEY);
    const mine = (recent.body['items'] as { sessionId: string; signature: string }[]).filter((e) => e.sessionId === handle.sessionId);
    expect(mine.map((e) => e.signature).sort()).toEqual([...signatures].sort());

    const balances = await adminCall(first, '/admin/v1/balances', KEY);
    expect(balances).toMatchObject({
      status: 200,
      body: { facilitator: stack.wallets.facilitator.publicKey.toBase58(), lamports: expect.stringMatching(/^\d+$/) },
    });
    expect(BigInt(balances.body['lamports'] as string)).toBe(BigInt(await stack.connection.getBalance(stack.wallets.facilitator.publicKey)));

    expect(await adminCall(first, '/admin/v1/sessions/sess_unknown', KEY)).toMatchObject({ status: 404, body: { error: 'session_not_found' } });
    expect(await adminCall(first, '/admin/v1/settlements/nope.nope', KEY)).toMatchObject({ status: 404, body: { error: 'settlement_not_found' } });
    expect(await adminCall(first, '/admin/v1/sessions?payer=not-an-address', KEY)).toMatchObject({ status: 400, body: { error: 'invalid_request' } });
    expect((await adminCall(first, '/admin/v1/sessions', 'wrong-key-0123456789012345678901234567')).status).toBe(401);
  }, 240_000);

  it('closing a session refuses its next call and is audited with the admin key id', async () => {
    const [first, second] = admins as [string, string];
    const handle = await openSession('1');
    await paidCall(handle, 'before close');
    const closed = await adminCall(first, `/admin/v1/sessions/${handle.sessionId}/close`, KEY, {
      method: 'POST',
      body: JSON.stringify({ reason: 'operator_closed' }),
    });
    expect(closed).toMatchObject({
      status: 200,
      body: { action: 'session.close', auditId: expect.any(String), result: { sessionId: handle.sessionId, state: 'closed', spent: CHAT_PRICE.toString() } },
    });

    const after = await chat(handle, 'after close');
    expect(after.status).toBe(402);
    expect(readPaymentRequired(after)?.error).toBe('session_closed');

    expect(await adminCall(first, '/admin/v1/sessions/sess_unknown/close', KEY, { method: 'POST', body: JSON.stringify({ reason: 'x' }) })).toMatchObject({
      status: 404,
    });
    expect(await adminCall(first, `/admin/v1/sessions/${handle.sessionId}/close`, KEY, { method: 'POST', body: JSON.stringify({}) })).toMatchObject({
      status: 400,
      body: { error: 'invalid_request' },
    });

    // Any replica reads the same audit log (Redis stream), newest first.
    const audit = await adminCall(second, '/admin/v1/audit?limit=10', KEY);
    const entries = audit.body['items'] as { keyId: string; action: string; target: string; outcome: string; id: string }[];
    expect(entries.slice(0, 4).map((e) => [e.action, e.target, e.outcome, e.keyId])).toEqual([
      ['session.close', 'sess_unknown', 'refused', 'ops'],
      ['session.close', 'sess_unknown', 'requested', 'ops'],
      ['session.close', handle.sessionId, 'ok', 'ops'],
      ['session.close', handle.sessionId, 'requested', 'ops'],
    ]);
    expect(entries.find((e) => e.id === closed.body['auditId'])).toMatchObject({ outcome: 'ok' });
  }, 240_000);

  it('runs the reconciler once, reports the pass and audits it; a bad body is refused unaudited', async () => {
    const [first] = admins as [string];
    const done = await adminCall(first, '/admin/v1/reconcile', KEY, { method: 'POST', body: JSON.stringify({ olderThanSeconds: 0 }) });
    // Every earlier settlement has settled: nothing is open, nothing to repair.
    expect(done).toMatchObject({
      status: 200,
      body: { action: 'reconcile', result: { examined: expect.any(Number), repaired: 0, repairedSettlementIds: [] } },
    });
    expect(await adminCall(first, '/admin/v1/reconcile', KEY, { method: 'POST', body: JSON.stringify({ olderThanSeconds: -1 }) })).toMatchObject({
      status: 400,
      body: { error: 'invalid_request' },
    });
    expect(await adminCall(first, '/admin/v1/reconcile', KEY, { method: 'POST', body: '{not json' })).toMatchObject({
      status: 400,
      body: { error: 'malformed_json' },
    });
    const audit = await adminCall(first, '/admin/v1/audit?limit=2', KEY);
    expect(
      (audit.body['items'] as { action: string; outcome: string; detail: string; id: string }[]).map((e) => [
        e.action,
        e.outcome,
        e.id === done.body['auditId'],
      ]),
    ).toEqual([
      ['reconcile', 'ok', true],
      ['reconcile', 'requested', false],
    ]);
  }, 120_000);

  it('the quietpay CLI lists, shows, settles, reconciles and closes through the admin API', async () => {
    const [first] = admins as [string];
    const keyFile = `${keys.path}.ops`;
    writeFileSync(keyFile, `${KEY}\n`, { mode: 0o600 });
    const env = { QUIETPAY_ADMIN_URL: first, QUIETPAY_ADMIN_KEY_FILE: keyFile };
    const handle = await openSession('1');
    const signature = await paidCall(handle, 'via cli');

    const list = await quietpay(['sessions', 'list', '--payer', stack.wallets.agent.publicKey.toBase58(), '--all', '--json'], env);
    expect(list.code, list.stderr).toBe(0);
    expect((JSON.parse(list.stdout) as { items: { sessionId: string; spent: string }[] }).items.find((s) => s.sessionId === handle.sessionId)).toMatchObject({
      spent: CHAT_PRICE.toString(),
    });
    const table = await quietpay(['sessions', 'list', '--payer', stack.wallets.agent.publicKey.toBase58(), '--all'], env);
    expect(table.stdout.split('\n')[0]).toMatch(/^SESSION\s+PAYER\s+RECIPIENT\s+STATE\s+CAP\s+SPENT/);
    expect(table.stdout).toContain(handle.sessionId);

    const show = await quietpay(['sessions', 'show', handle.sessionId], env);
    const charge = (JSON.parse(show.stdout) as { charges: { chargeId: string; signature: string }[] }).charges[0]!;
    expect(charge.signature).toBe(signature);
    const settlement = await quietpay(['settlements', 'show', charge.chargeId], env);
    expect(JSON.parse(settlement.stdout)).toMatchObject({ state: 'settled', signature, batch: { size: 1 } });

    const reconcile = await quietpay(['reconcile', '--older-than', '0'], env);
    expect(JSON.parse(reconcile.stdout)).toMatchObject({ action: 'reconcile', result: { repaired: 0 } });
    const close = await quietpay(['sessions', 'close', handle.sessionId, '--reason', 'cli test'], env);
    expect(JSON.parse(close.stdout)).toMatchObject({ action: 'session.close', result: { state: 'closed' } });

    const unknown = await quietpay(['sessions', 'show', 'sess_unknown'], env);
    expect(unknown).toMatchObject({ code: 1, stderr: expect.stringContaining('session_not_found (HTTP 404)') });
    const wrongKey = await quietpay(['sessions', 'list'], { QUIETPAY_ADMIN_URL: first, QUIETPAY_ADMIN_KEY: 'x'.repeat(40) });
    expect(wrongKey).toMatchObject({ code: 1, stderr: expect.stringContaining('unauthorized (HTTP 401)') });
    expect((await quietpay(['sessions', 'list'], { QUIETPAY_ADMIN_URL: first })).stderr).toContain('no_admin_key');
  }, 180_000);

  it('registers, lists and removes a recipient through the admin API and the CLI, each change audited', async () => {
    const [first, second] = admins as [string, string];
    const address = Keypair.generate().publicKey.toBase58();
    const registered = await adminCall(first, '/admin/v1/recipients', KEY, { method: 'POST', body: JSON.stringify({ address, note: 'admin test' }) });
    expect(registered).toMatchObject({
      status: 200,
      body: { action: 'recipient.register', result: { address, registered: true, source: 'admin', note: 'admin test' } },
    });
    const listed = await adminCall(second, '/admin/v1/recipients', KEY);
    expect((listed.body['items'] as { address: string }[]).map((r) => r.address)).toContain(address);

    const removed = await adminCall(second, `/admin/v1/recipients/${address}`, KEY, { method: 'DELETE' });
    expect(removed).toMatchObject({ status: 200, body: { action: 'recipient.remove', result: { address, registered: false } } });
    expect(((await adminCall(first, '/admin/v1/recipients', KEY)).body['items'] as { address: string }[]).map((r) => r.address)).not.toContain(address);
    expect(await adminCall(first, '/admin/v1/recipients', KEY, { method: 'POST', body: JSON.stringify({ address: 'nope' }) })).toMatchObject({
      status: 400,
      body: { error: 'invalid_request' },
    });

    const entries = (await adminCall(first, '/admin/v1/audit?limit=4', KEY)).body['items'] as {
      action: string;
      target: string;
      outcome: string;
      keyId: string;
    }[];
    expect(entries.map((e) => [e.action, e.target, e.outcome, e.keyId])).toEqual([
      ['recipient.remove', address, 'ok', 'ops'],
      ['recipient.remove', address, 'requested', 'ops'],
      ['recipient.register', address, 'ok', 'ops'],
      ['recipient.register', address, 'requested', 'ops'],
    ]);

    const keyFile = `${keys.path}.ops`;
    writeFileSync(keyFile, `${KEY}\n`, { mode: 0o600 });
    const env = { QUIETPAY_ADMIN_URL: first, QUIETPAY_ADMIN_KEY_FILE: keyFile };
    const other = Keypair.generate().publicKey.toBase58();
    expect(JSON.parse((await quietpay(['recipients', 'add', other, '--note', 'cli'], env)).stdout)).toMatchObject({
      result: { address: other, registered: true },
    });
    expect(JSON.parse((await quietpay(['recipients', 'list'], env)).stdout)).toMatchObject({
      items: expect.arrayContaining([expect.objectContaining({ address: other })]),
    });
    expect(JSON.parse((await quietpay(['recipients', 'remove', other], env)).stdout)).toMatchObject({ result: { address: other, registered: false } });
  }, 120_000);
});
