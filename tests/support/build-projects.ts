import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

export const REPO_ROOT = join(__dirname, '..', '..');

/**
 * Builds the given projects (and what they reference) with `tsc -b`, so service processes run
 * current code. Only the projects a test needs, so unrelated work in progress cannot break it.
 *
 * Under `npm test` (scripts/test.sh sets QUIETPAY_PREBUILT=1) every project was built once, in one
 * process, right before the tests, so this does nothing: a test-time `tsc -b` that decides to
 * re-emit a lib rewrites its dist/ in place (truncate, then write), and a service or child script
 * of an earlier test that loads that file mid-write sees an empty module. CI once ran the demo,
 * the MCP example and the privacy scenario against an sdk dist/ without its private-scheme
 * exports that way.
 */
export function buildProjects(projectDirs: readonly string[]): void {
  if (process.env.QUIETPAY_PREBUILT === '1') return;
  execFileSync(process.execPath, [join(REPO_ROOT, 'node_modules/typescript/bin/tsc'), '-b', ...projectDirs.map((d) => join(REPO_ROOT, d, 'tsconfig.json'))], {
    cwd: REPO_ROOT,
    stdio: 'inherit',
  });
}

/**
 * Builds the web console (libs/console/dist) with Vite, offline, as `nx build console` does; a
 * no-op under QUIETPAY_PREBUILT like buildProjects (npm test's nx step built it).
 */
export function buildConsole(): void {
  if (process.env.QUIETPAY_PREBUILT === '1') return;
  execFileSync(
    process.execPath,
    [join(REPO_ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'libs/console/vite.config.mts', '--logLevel', 'warn'],
    { cwd: REPO_ROOT, stdio: 'inherit' },
  );
}
