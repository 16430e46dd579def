import { defineConfig } from 'vitest/config';

// bench/chaos runs the chaos tier's harness (tests/chaos/support, TypeScript against the libs'
// sources) for long runs. Vitest is the TypeScript runner the repo already has; this config only
// points it at the bench and lifts the timeouts. Started by bench/chaos/run.mjs.
export default defineConfig({
  resolve: { conditions: ['@quietpay/source'] },
  ssr: { resolve: { conditions: ['@quietpay/source'] } },
  test: {
    include: ['bench/chaos/chaos.bench-run.ts', 'bench/soak/soak.bench-run.ts'],
    testTimeout: 24 * 3600_000,
    hookTimeout: 600_000,
    fileParallelism: false,
  },
});
