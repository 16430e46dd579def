import { join } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { REPO_ROOT } from '../../support/build-projects';

/** Where the browser tests' screenshots go (docs/browser/*.png, shown by the READMEs). */
export const SHOTS = join(REPO_ROOT, 'docs/browser');

const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

/** Debian's chromium driven by playwright-core (never a downloaded browser), headless. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
}

/** A fresh page and what it reported: uncaught errors and console errors. */
export interface OpenedPage {
  readonly context: BrowserContext;
  readonly page: Page;
  readonly pageErrors: string[];
}

/** Opens a page in a context of its own, collecting its uncaught and console errors in `pageErrors`. */
export async function openPage(browser: Browser, viewport: { width: number; height: number }): Promise<OpenedPage> {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(`${e.name}: ${e.message}`));
  // Chromium logs every 402 (px402's payment_pending ones too) as a failed resource: that is x402 working, not an error.
  page.on('console', (m) => m.type() === 'error' && !m.text().includes('status of 402') && pageErrors.push(m.text()));
  return { context, page, pageErrors };
}
