import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../../support/build-projects';

/** The page's sources (index.html is served from here as is). */
export const BROWSER_APP_DIR = join(REPO_ROOT, 'tests/browser/app');

/**
 * Bundles the browser test's page and worker with Vite (tests/browser/app/vite.config.mts: the
 * SDK from source, no polyfills) into a fresh temp dir and returns it. Always built, also under
 * QUIETPAY_PREBUILT: it writes only its own temp dir. Spawned async: the test's process runs
 * localnet, which a blocking child would stall.
 */
export async function buildBrowserApp(): Promise<string> {
  const out = mkdtempSync(join(tmpdir(), 'qp-browser-app-'));
  const child = spawn(process.execPath, [join(REPO_ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--config', join(BROWSER_APP_DIR, 'vite.config.mts')], {
    cwd: REPO_ROOT,
    env: { ...process.env, BROWSER_APP_OUT: out },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', resolve);
  });
  if (code !== 0) throw new Error(`vite build of the browser test page failed (${code}):\n${output}`);
  return out;
}
