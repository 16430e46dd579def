import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createSession, keypairWallet, memorySessionStorage, readPaymentRequired, type SessionHandle } from '@quietpay/sdk';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminCall, adminUrlOf, listAdminSessions, writeAdminKeys } from '../admin/admin-keys.fixture';
import { buildConsole, REPO_ROOT } from '../support/build-projects';
import { freePort } from '../support/free-port';
import { eventually } from '../support/service.process';
import { CHAT_PRICE, chatCall, paidChat } from '../support/paid-chat';
import { type SessionStack, startSessionStack } from '../support/session-stack';

// The web console in a real browser (Debian's chromium driven by playwright-core, never a
// downloaded browser) against the stack on localnet, served by the gateway's admin port.
// What it shows must be what was paid; a settlement made after the page loaded must appear
// without a reload; a wrong admin key must be refused. Screenshots of each page go to docs/console/.

const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const CONSOLE_DIR = join(REPO_ROOT, 'libs/console/dist');
const SHOTS = join(REPO_ROOT, 'docs/console');
const EXPLORER = 'https://explorer.example/tx/{signature}?cluster=localnet';

const METRICS_SERVICES = ['submitter', 'chain-poller', 'crank-keeper', 'session-ledger'] as const;

const keys = writeAdminKeys();
let stack: SessionStack;
let admin: string;
let browser: Browser;

const chat = (handle: SessionHandle, message: string): Promise<Response> => chatCall(stack, handle, message);
const paidCall = (handle: SessionHandle, message: string): Promise<string> => paidChat(stack, handle, message);

/** Waits until the admin API retains a settled event for every signature (what the overview reads on load). */
async function settledRetained(signatures: readonly string[]): Promise<void> {
  await eventually(async () => {
    const recent = await adminCall(admin, '/admin/v1/settlements?limit=500', keys.keys.ops);
    const seen = new Set((recent.body['items'] as { signature?: string }[]).map((e) => e.signature));
    return signatures.every((s) => seen.has(s)) ? true : undefined;
  }, 'settlements retained by the admin API');
}

const text = (page: Page, testId: string) => page.getByTestId(testId).first();

/** Waits for the test id's text to be exactly `value` (the page updates it; no sleeping). */
async function shows(page: Page, testId: string, value: string): Promise<void> {
  await page
    .locator(`[data-testid="${testId}"]`, { hasText: new RegExp(`^${value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) })
    .first()
    .waitFor();
}

const shot = (page: Page, name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });

beforeAll(async () => {
  // The same build `npm test` runs through nx (vite, offline), so a lone run of this file serves current code.
  buildConsole();
  mkdirSync(SHOTS, { recursive: true });
  // The overview's metrics come from the services' own /metrics: fixed ports so the gateway can be told where.
  const metricsPorts: Record<string, number> = {};
  for (const name of METRICS_SERVICES) metricsPorts[name] = await freePort();
  const sources = METRICS_SERVICES.map((name) => `${name}=http://127.0.0.1:${metricsPorts[name]}/metrics`).join(',');
  stack = await startSessionStack({
    serviceEnvFor: (name): Record<string, string> | undefined =>
      name === 'gateway'
        ? { ADMIN_KEYS_FILE: keys.path, ADMIN_CONSOLE_DIR: CONSOLE_DIR, ADMIN_METRICS_SOURCES: sources }
        : metricsPorts[name] === undefined
          ? undefined
          : { HTTP_PORT: String(metricsPorts[name]) },
  });
  admin = await adminUrlOf(stack.processes.find((p) => p.name === 'gateway')!);
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
}, 60_000);

describe('web console in a real browser (localnet)', () => {
  it("refuses a wrong key; shows what was paid and the services' metrics; a new settlement appears live; closes a session and reconciles", async () => {
    const handle = await createSession({
      wallet: keypairWallet(stack.wallets.agent),
      facilitatorUrl: stack.gatewayUrl,
      connection: stack.connection,
      cap: '2',
      expiresInSeconds: 3600,
      recipient: stack.wallets.merchant.publicKey.toBase58(),
      storage: memorySessionStorage(),
    });
    const paid = [await paidCall(handle, 'one'), await paidCall(handle, 'two')];
    await settledRetained(paid);

    const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
    await context.addInitScript((template) => localStorage.setItem('quietpay.console.explorer', template), EXPLORER);
    const page = await context.newPage();
    page.setDefaultTimeout(60_000);
    const apiCalls: { url: string; status: number }[] = [];
    page.on('response', (r) => r.url().includes('/admin/v1/') && apiCalls.push({ url: r.url(), status: r.status() }));

    // The console itself is public static files; every call it makes needs the admin key.
    await page.goto(`${admin}/console/`);
    await page.getByTestId('admin-key').fill('not-an-admin-key-0123456789abcdef');
    await page.getByTestId('sign-in').click();
    await page.getByRole('alert').filter({ hasText: 'refused' }).waitFor();
    expect(apiCalls).toContainEqual({ url: `${admin}/admin/v1/whoami`, status: 401 });
    expect(await page.evaluate(() => sessionStorage.getItem('quietpay.console.adminKey'))).toBeNull();
    await shot(page, 'sign-in-refused');

    await page.getByTestId('admin-key').fill(keys.keys.ops);
    await page.getByTestId('sign-in').click();
    await shows(page, 'key-id', 'ops');

    // Overview: the two paid charges, their total, the session's spend and the facilitator's SOL.
    const paidTotal = (CHAT_PRICE * 2n).toString();
    await shows(page, 'settled-count', '2');
    await shows(page, 'settled-amount', paidTotal);
    await shows(page, 'failed-count', '0');
    await shows(page, 'active-sessions', '1');
    await shows(page, 'sessions-spent', paidTotal);
    const balances = await adminCall(admin, '/admin/v1/balances', keys.keys.ops);
    expect(await text(page, 'facilitator-sol').textContent()).toBe(balances.body['sol']);
    await page.getByTestId('health').waitFor();
    // The metrics summary: the gateway's accepted-charge counter is what was paid; every source answered.
    await shows(page, 'accepted-total', '2');
    const summary = await adminCall(admin, '/admin/v1/metrics/summary', keys.keys.ops);
    expect(summary.body).toMatchObject({
      charges: { acceptedTotal: 2 },
      crankHealthy: expect.any(Boolean),
      pollerLagSlots: expect.any(Number),
      queueDepth: { settlement: expect.any(Number) },
    });
    expect((summary.body['sources'] as { service: string; ok: boolean }[]).map((s) => [s.service, s.ok])).toEqual([
      ['gateway', true],
      ...METRICS_SERVICES.map((n) => [n, true]),
    ]);
    await page.locator('[data-testid=queue-depth]', { hasText: /^\d+$/ }).waitFor();
    await page.locator('[data-testid=poller-lag]', { hasText: /^\d+$/ }).waitFor();
    await page.locator('[data-testid=crank-health]', { hasText: /^(healthy|failing)$/ }).waitFor();
    // The panel's second poll (5 s on) has a window: a measured rate, where the first answer had none.
    await page.locator('[data-testid=accepted-rate]', { hasText: /^\d+\.\d\d$/ }).waitFor();
    expect(await page.getByTestId('metrics-sources-down').count()).toBe(0);

    // Sessions → the session page: its money and each charge's signature, linked to the explorer.
    await page.getByRole('link', { name: 'Sessions' }).click();
    await page.locator(`tr[data-session="${handle.sessionId}"]`).waitFor();
    await shot(page, 'sessions');
    // The legacy filter is the API's (legacy=true|false): this stack opened no seed-compatible session.
    expect(await page.locator(`tr[data-session="${handle.sessionId}"] [data-testid=session-legacy]`).textContent()).toBe('no');
    await page.getByTestId('legacy-filter').selectOption('true');
    await page.locator('[data-testid=empty]', { hasText: 'No session matches.' }).waitFor();
    await page.getByTestId('legacy-filter').selectOption('false');
    await page.locator(`tr[data-session="${handle.sessionId}"]`).waitFor();
    await page.locator(`tr[data-session="${handle.sessionId}"] a`).first().click();
    await shows(page, 'session-id', handle.sessionId);
    await shows(page, 'session-cap', '2000000');
    await shows(page, 'session-spent', paidTotal);
    await shows(page, 'session-remaining', paidTotal);
    await page.locator('[data-testid=charges-table] tbody tr').nth(1).waitFor();
    expect(await page.locator('[data-testid=charges-table] tbody tr').count()).toBe(2);
    const links = await page
      .locator('[data-testid=charges-table] a[data-signature]')
      .evaluateAll((as) => as.map((a) => [a.getAttribute('data-signature'), a.getAttribute('href')]));
    expect(links.map(([s]) => s).sort()).toEqual([...paid].sort());
    for (const [signature, href] of links) expect(href).toBe(EXPLORER.replace('{signature}', signature!));
    await shot(page, 'session');

    // Live: a settlement made after the page loaded appears on the open settlements page, with no reload.
    await page.getByRole('link', { name: 'Settlements' }).click();
    await page.locator('[data-testid=settlements-table] tbody tr').nth(1).waitFor();
    await shows(page, 'stream-state', 'live');
    await page.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));
    const third = await paidCall(handle, 'three');
    await page.locator(`[data-testid=settlements-table] a[data-signature="${third}"]`).waitFor();
    expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
    await shot(page, 'settlements');

    // Back on the overview (same page, hash route): the live settlement is counted.
    await page.getByRole('link', { name: 'Overview' }).click();
    await shows(page, 'settled-count', '3');
    await shows(page, 'settled-amount', (CHAT_PRICE * 3n).toString());
    // The metrics panel polls: the third charge reaches its counter without a reload too, and its
    // /settle answer is in the latency window (every earlier scrape predates it: the panel was not polling).
    await shows(page, 'accepted-total', '3');
    await page.locator('[data-testid=settle-p99]', { hasText: /^\d+ ms$/ }).waitFor();
    await shot(page, 'overview');

    // Close from the session page (confirmed in the browser's dialog): the page shows it closed,
    // the session's next paid call is refused, and the audit log names the admin key.
    page.on('dialog', (dialog) => void dialog.accept());
    await page.goto(`${admin}/console/#/sessions/${encodeURIComponent(handle.sessionId)}`);
    await shows(page, 'session-state', 'active');
    await page.getByRole('button', { name: 'Close session' }).click();
    await shows(page, 'session-state', 'closed');
    await shows(page, 'session-spent', (CHAT_PRICE * 3n).toString());
    expect(await page.getByRole('button', { name: 'Close session' }).count()).toBe(0);
    await shot(page, 'session-closed');
    const refused = await chat(handle, 'after close');
    expect(refused.status).toBe(402);
    expect(readPaymentRequired(refused)?.error).toBe('session_closed');
    const listed = await listAdminSessions<{ sessionId: string; state: string }>(admin, keys.keys.ops, `payer=${stack.wallets.agent.publicKey.toBase58()}`);
    expect(listed.find((x) => x.sessionId === handle.sessionId)?.state).toBe('closed');

    // Reconcile from the actions page: the report shown is the pass the audit log recorded.
    await page.getByRole('link', { name: 'Actions' }).click();
    await page.getByRole('button', { name: 'Run reconciler' }).click();
    const report = page.getByTestId('reconcile-report');
    await report.waitFor();
    const audit = (await adminCall(admin, '/admin/v1/audit?limit=10', keys.keys.ops)).body['items'] as {
      action: string;
      target: string;
      outcome: string;
      keyId: string;
      detail?: string;
    }[];
    const pass = audit.find((e) => e.action === 'reconcile' && e.outcome === 'ok');
    const [, examined, repaired] = /^examined=(\d+) repaired=(\d+)/.exec(pass?.detail ?? '') ?? [];
    // Every charge of this run settled: the pass examines what is open and repairs nothing.
    expect(repaired).toBe('0');
    expect(await report.textContent()).toMatch(new RegExp(`^examined ${examined} · repaired 0 · `));
    expect(audit.find((e) => e.action === 'session.close' && e.outcome === 'ok')).toMatchObject({ target: handle.sessionId, keyId: 'ops' });
    await page.locator('[data-testid=audit-table] tbody tr', { hasText: 'reconcile' }).first().waitFor();
    await page.locator('[data-testid=audit-table] tbody tr', { hasText: 'session.close' }).first().waitFor();

    await shot(page, 'actions');
    await page.getByRole('link', { name: 'Private payments' }).click();
    await page.locator('[data-testid=empty], [data-testid=private-table]').first().waitFor();
    await shot(page, 'private-payments');

    // No page ever showed the admin key.
    expect(await page.content()).not.toContain(keys.keys.ops);
    expect(apiCalls.filter((c) => c.status >= 500 && !c.url.endsWith('/admin/v1/health'))).toEqual([]);
    await context.close();
  }, 240_000);
});
