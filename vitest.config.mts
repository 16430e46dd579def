import { defineConfig } from 'vitest/config';

// Two tiers: `unit` (pure logic, colocated *.spec.ts) and `integration` (*.test.ts: real
// Redis, NATS, localnet and service processes). Tests import libs from source through the
// `@quietpay/source` export condition; service processes run from their built dist/.
export default defineConfig({
  resolve: { conditions: ['@quietpay/source'] },
  ssr: { resolve: { conditions: ['@quietpay/source'] } },
  test: {
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['{libs,services,infra,examples,scripts}/**/src/**/*.spec.ts', 'scripts/**/*.spec.ts', 'tests/**/*.spec.ts'] },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          // tests/chaos (two files, a stack each, about 2.5 min of faults per mode) runs here too:
          // `npm test` is the one gate. `npm run test:chaos` runs it alone.
          include: ['{libs,services,infra,examples}/**/*.test.ts', 'tests/**/*.test.ts'],
          exclude: ['**/node_modules/**', '**/dist/**'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
      {
        extends: true,
        test: { name: 'chaos', include: ['tests/chaos/**/*.test.ts'], testTimeout: 600_000, hookTimeout: 300_000, fileParallelism: false },
      },
    ],
  },
});
