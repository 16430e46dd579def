#!/usr/bin/env node
// bench/chaos: the chaos tier's harness for long runs (hundreds of faults). Knobs in README.md;
// the report goes to bench/reports/chaos.md (BENCH_REPORT). Exit code 0 only when nothing was
// lost, paid twice, served without a charge or left open.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const result = spawnSync(
  process.execPath,
  [join(root, 'node_modules/vitest/vitest.mjs'), 'run', '--config', 'bench/chaos/vitest.config.mts', 'bench/chaos/chaos.bench-run.ts'],
  {
    cwd: root,
    stdio: 'inherit',
    env: process.env,
  },
);
process.exit(result.status ?? 1);
