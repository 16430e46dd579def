import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { formatUnits } from '@quietpay/sdk';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/free-port';
import { eventually } from '../support/service.process';
import { type SessionStack, startSessionStack } from '../support/session-stack';
import type { BrowserAppConfig } from './app/browser-app.config';
import { BROWSER_APP_DIR, buildBrowserApp } from './support/browser-app.build';
import { launchChromium, openPage, SHOTS } from './support/browser-page';
import { type PageServer, startPageServer } from './support/page-server';

// @quietpay/sdk in a real browser (Debian's chromium driven by playwright-core, never a downloaded
// browser): a page bundled with Vite WITHOUT any Buffer/process polyfill, served from its own
// origin, opens a session with a wallet-adapter-shaped in-page signer, pays three calls to
// examples/paid-api, decrypts the balance in the browser and shows it; a module Web Worker imports
// the SDK and pays one call. The gateway is another origin, allowed by CORS_ALLOWED_ORIGINS.
// The screenshot is docs/browser/session-paid.png (libs/sdk/README.md shows it).

const CHAT_PRICE = 500_000n; // examples/paid-api: 0.5 USDC per /api/chat
const PAID_CALLS = 3n;

let stack: SessionStack;
let pages: PageServer;
let appDir: string;
let browser: Browser;

const testId = (page: Page, id: string) => page.getByTestId(id);

/** Waits until `id` has text, or fails with what the page reported (its error line, uncaught errors). */
async function outcome(page: Page, id: string, pageErrors: readonly string[]): Promise<string> {
  await page.waitForFunction(
    (target) =>
      (document.querySelector(`[data-testid="${target}"]`)?.textContent ?? '') !== '' ||
      (document.querySelector('[data-testid="error"]')?.textContent ?? '') !== '',
    id,
    { timeout: 180_000 },
  );
  const error = await testId(page, 'error').textContent();
  expect(error, `the page reported an error (uncaught: ${pageErrors.join(' | ')})`).toBe('');
  return (await testId(page, id).textContent()) ?? '';
}

beforeAll(async () => {
  appDir = await buildBrowserApp();
  mkdirSync(SHOTS, { recursive: true });
  const pagePort = await freePort();
  const pageOrigin = `http://127.0.0.1:${pagePort}`;
  // Only the page's origin may call the gateway from a browser (localnet would allow any).
  stack = await startSessionStack({ serviceEnvFor: (name) => (name === 'gateway' ? { CORS_ALLOWED_ORIGINS: pageOrigin } : undefined) });
  const covalidator = stack.net.endpoints.covalidator ?? '';
  const config: BrowserAppConfig = {
    gatewayUrl: stack.gatewayUrl,
    paidApiUrl: pageOrigin,
    rpcUrl: `${pageOrigin}/rpc`,
    covalidatorUrl: `${pageOrigin}/covalidator`,
    merchant: stack.wallets.merchant.publicKey.toBase58(),
    mint: stack.inco.mint,
    decimals: stack.inco.decimals,
    incoTokenProgramId: stack.inco.incoTokenProgramId,
    incoLightningProgramId: stack.inco.incoLightningProgramId,
    attestationPublicKey: stack.inco.attestationPublicKey,
    pageWalletSecret: Array.from(stack.wallets.agent.secretKey),
    workerWalletSecret: Array.from(stack.wallets.agent2.secretKey),
  };
  pages = await startPageServer({
    port: pagePort,
    staticDirs: [appDir, BROWSER_APP_DIR],
    config,
    proxies: [
      { prefix: '/api', target: `${stack.paidApiUrl}/api` },
      { prefix: '/rpc', target: stack.net.endpoints.rpc },
      { prefix: '/covalidator', target: covalidator },
    ],
  });
  browser = await launchChromium();
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await pages?.close();
  await stack?.stop();
  if (appDir) rmSync(appDir, { recursive: true, force: true });
}, 60_000);

describe('@quietpay/sdk in a real browser (localnet)', () => {
  it('a page on another origin opens a session with a wallet adapter, pays three calls, shows the decrypted balance; a Web Worker pays one call', async () => {
    const agentBefore = await stack.balanceOf(stack.wallets.agent);
    const { context, page, pageErrors } = await openPage(browser, { width: 1000, height: 640 });
    page.setDefaultTimeout(60_000);
    const gatewayCalls: { path: string; status: number; allowOrigin: string | undefined }[] = [];
    page.on('response', (r) => {
      if (!r.url().startsWith(stack.gatewayUrl)) return;
      gatewayCalls.push({ path: new URL(r.url()).pathname, status: r.status(), allowOrigin: r.headers()['access-control-allow-origin'] });
    });

    await page.goto(`${pages.origin}/`);
    expect(await outcome(page, 'status', pageErrors)).toBe('ready');
    expect(pages.origin).not.toBe(new URL(stack.gatewayUrl).origin);

    await testId(page, 'pay').click();
    await outcome(page, 'call-prompts', pageErrors);
    expect(await testId(page, 'status').textContent()).toBe('paid');
    expect(await testId(page, 'balance-before').getAttribute('data-base-units')).toBe(agentBefore.toString());
    // Sign once, pay many: the wallet signed the approve transaction and the auth message, then
    // nothing for the three calls (the session key in the page paid them).
    expect(await testId(page, 'open-prompts').textContent()).toBe('2');
    expect(await testId(page, 'call-prompts').textContent()).toBe('0');
    const receipts = await page
      .locator('[data-testid=receipt]')
      .evaluateAll((items) => items.map((li) => [li.getAttribute('data-amount'), li.getAttribute('data-transaction')]));
    expect(receipts).toHaveLength(Number(PAID_CALLS));
    for (const [amount, transaction] of receipts) {
      expect(amount).toBe(CHAT_PRICE.toString());
      expect(transaction).toMatch(/^[1-9A-HJ-NP-Za-km-z]{64,88}$/);
    }
    // The gateway was called cross-origin and answered with CORS for this page's origin.
    expect(gatewayCalls.map((c) => c.path)).toEqual(expect.arrayContaining(['/supported', '/sessions']));
    for (const call of gatewayCalls) expect(call, JSON.stringify(call)).toMatchObject({ allowOrigin: pages.origin });
    expect(gatewayCalls.filter((c) => c.status >= 400)).toEqual([]);

    // The page decrypts the balance itself (wallet-signed covalidator request, attestation checked
    // in the browser) and shows what Node reads once the three charges have landed.
    const expected = agentBefore - CHAT_PRICE * PAID_CALLS;
    await eventually(async () => ((await stack.balanceOf(stack.wallets.agent)) === expected ? true : undefined), 'the three charges to land');
    await testId(page, 'refresh-balance').click();
    expect(await outcome(page, 'balance', pageErrors)).toBe(`${formatUnits(expected, stack.inco.decimals)} USDC`);
    expect(await testId(page, 'balance').getAttribute('data-base-units')).toBe(expected.toString());

    // The Web Worker: imports the SDK (no window there), opens its own session, pays one call.
    await testId(page, 'worker-pay').click();
    await outcome(page, 'worker-receipt', pageErrors);
    expect(await testId(page, 'worker-receipt').getAttribute('data-amount')).toBe(CHAT_PRICE.toString());
    expect(await testId(page, 'worker-receipt').getAttribute('data-transaction')).toMatch(/^[1-9A-HJ-NP-Za-km-z]{64,88}$/);

    expect(pageErrors).toEqual([]);
    await page.screenshot({ path: join(SHOTS, 'session-paid.png'), fullPage: true });
    await context.close();
  }, 300_000);
});
