// Runs one vitest file in the foreground and exits with its status: the bench harnesses that drive
// a stack through tests/support (chaos, soak) and the fuzz sweep are vitest files.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** `vitest run [--config config] file` from the repo root with `env` on top of this process's; resolves to its exit status. */
export function runVitestFile(file, { config, env = {} } = {}) {
  const args = [join(ROOT, 'node_modules/vitest/vitest.mjs'), 'run', ...(config ? ['--config', config] : []), file];
  const result = spawnSync(process.execPath, args, { cwd: ROOT, stdio: 'inherit', env: { ...process.env, ...env } });
  return result.status ?? 1;
}
