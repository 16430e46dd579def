#!/usr/bin/env node
// bench/soak: a steady load of both schemes for SOAK_SECONDS (default an hour), sampling each
// service's memory, Redis's keys and memory, and open reservations. Knobs in bench/README.md; the
// report goes to bench/reports/soak.md (BENCH_REPORT).
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const result = spawnSync(
  process.execPath,
  [join(root, 'node_modules/vitest/vitest.mjs'), 'run', '--config', 'bench/chaos/vitest.config.mts', 'bench/soak/soak.bench-run.ts'],
  {
    cwd: root,
    stdio: 'inherit',
    env: process.env,
  },
);
process.exit(result.status ?? 1);
