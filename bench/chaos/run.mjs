#!/usr/bin/env node
// bench/chaos: the chaos tier's harness for long runs (hundreds of faults). Knobs in README.md;
// the report goes to bench/reports/chaos.md (BENCH_REPORT). Exit code 0 only when nothing was
// lost, paid twice, served without a charge or left open.
import { runVitestFile } from '../support/vitest-run.mjs';

process.exit(runVitestFile('bench/chaos/chaos.bench-run.ts', { config: 'bench/chaos/vitest.config.mts' }));
