#!/usr/bin/env node
// bench/soak: a steady load of both schemes for SOAK_SECONDS (default an hour), sampling each
// service's memory, Redis's keys and memory, and open reservations. Knobs in bench/README.md; the
// report goes to bench/reports/soak.md (BENCH_REPORT).
import { runVitestFile } from '../support/vitest-run.mjs';

process.exit(runVitestFile('bench/soak/soak.bench-run.ts', { config: 'bench/chaos/vitest.config.mts' }));
