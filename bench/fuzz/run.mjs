// bench/fuzz: the edge fuzz test (tests/fuzz/edge-fuzz.test.ts) with many more inputs per route, writing
// bench/reports/fuzz.md (inputs per route, status histogram, 5xx count). `npm run build` first.
//   FUZZ_RUNS  generated inputs per route (default 500)
//   FUZZ_SEED  fast-check seed (default the test's fixed seed)
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const env = {
  ...process.env,
  FUZZ_RUNS: process.env.FUZZ_RUNS ?? '500',
  FUZZ_REPORT: join(root, 'bench', 'reports', 'fuzz.md'),
};
// The test sizes its per-route timeouts from FUZZ_RUNS.
const result = spawnSync('npx', ['vitest', 'run', 'tests/fuzz/edge-fuzz.test.ts'], { cwd: root, env, stdio: 'inherit' });
console.log(`report: ${env.FUZZ_REPORT}`);
process.exit(result.status ?? 1);
