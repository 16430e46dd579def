import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PrivateStack, startPrivateStack } from '../private/client-stack.fixture';
import { freePort } from '../support/free-port';
import { localnetWallet } from '../support/private-localnet';
import type { PrivateAppConfig } from './app/browser-app.config';
import { BROWSER_APP_DIR, buildBrowserApp } from './support/browser-app.build';
import { launchChromium, openPage, SHOTS } from './support/browser-page';
import { type PageServer, startPageServer } from './support/page-server';

// The private (px402) client of @quietpay/sdk in a real browser (Debian's chromium through
// playwright-core): the same polyfill-free Vite bundle as session-paid.test.ts, a page on its own
// origin paying one call to examples/private-api through the payments API's private transfer queue,
// with the in-page wallet adapter. Screenshot: docs/browser/private-paid.png.

const SENTIMENT_PRICE = '10000'; // examples/private-api: /api/sentiment, 0.01 USDC

let stack: PrivateStack;
let pages: PageServer;
let appDir: string;
let browser: Browser;

beforeAll(async () => {
  appDir = await buildBrowserApp();
  mkdirSync(SHOTS, { recursive: true });
  stack = await startPrivateStack();
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const config: PrivateAppConfig = {
    apiUrl: origin,
    rpcUrl: `${origin}/rpc`,
    paymentsApiUrl: `${origin}/payments`,
    mint: stack.net.mints.usdc,
    walletSecret: Array.from(localnetWallet(stack.net, 'agent').secretKey),
  };
  pages = await startPageServer({
    port,
    staticDirs: [appDir, BROWSER_APP_DIR],
    config,
    proxies: [
      { prefix: '/api', target: `${stack.apiUrl}/api` },
      { prefix: '/rpc', target: stack.net.endpoints.rpc },
      { prefix: '/payments', target: stack.net.endpoints.payments ?? '' },
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

describe('@quietpay/sdk private client in a real browser (localnet)', () => {
  it('a page pays one px402 call privately with a wallet adapter and shows the answer and the settlement', async () => {
    const { context, page, pageErrors } = await openPage(browser, { width: 1000, height: 480 });

    await page.goto(`${pages.origin}/private.html`);
    await page
      .locator('[data-testid=status]', { hasText: /^ready$/ })
      .or(page.locator('[data-testid=error]:not(:empty)'))
      .first()
      .waitFor({ timeout: 60_000 });
    await page.getByTestId('pay-private').click();
    await page
      .locator('[data-testid=status]', { hasText: /^paid$/ })
      .or(page.locator('[data-testid=error]:not(:empty)'))
      .first()
      .waitFor({ timeout: 180_000 });
    expect(await page.getByTestId('error').textContent(), `uncaught: ${pageErrors.join(' | ')}`).toBe('');

    expect(await page.getByTestId('answer').textContent()).toBe('bullish');
    const receipt = page.getByTestId('private-receipt');
    expect(await receipt.getAttribute('data-amount')).toBe(SENTIMENT_PRICE);
    expect(await receipt.getAttribute('data-transaction')).toMatch(/^[1-9A-HJ-NP-Za-km-z]{64,88}$/);
    // The server's settlement (the crank's vault → merchant transfer) is another transaction than the agent's deposit.
    const settlement = await receipt.getAttribute('data-settlement');
    expect(settlement).toMatch(/^[1-9A-HJ-NP-Za-km-z]{64,88}$/);
    expect(settlement).not.toBe(await receipt.getAttribute('data-transaction'));
    // 0.01 USDC is one standard denomination: one transfer, one wallet prompt (the payments API needs no login for it).
    expect(await page.getByTestId('wallet-prompts').textContent()).toBe('1');

    expect(pageErrors).toEqual([]);
    await page.screenshot({ path: join(SHOTS, 'private-paid.png'), fullPage: true });
    await context.close();
  }, 240_000);
});
