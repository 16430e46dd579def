// bench/fuzz: the edge fuzz test (tests/fuzz/edge-fuzz.test.ts) with many more inputs per route, writing
// bench/reports/fuzz.md (inputs per route, status histogram, 5xx count). `npm run build` first.
//   FUZZ_RUNS  generated inputs per route (default 500)
//   FUZZ_SEED  fast-check seed (default the test's fixed seed)
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runVitestFile } from '../support/vitest-run.mjs';

const report = join(dirname(fileURLToPath(import.meta.url)), '..', 'reports', 'fuzz.md');
// The test sizes its per-route timeouts from FUZZ_RUNS.
const status = runVitestFile('tests/fuzz/edge-fuzz.test.ts', { env: { FUZZ_RUNS: process.env.FUZZ_RUNS ?? '500', FUZZ_REPORT: report } });
console.log(`report: ${report}`);
process.exit(status);
