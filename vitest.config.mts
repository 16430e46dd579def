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
        test: { name: 'unit', include: ['{libs,services,infra,examples,scripts}/**/src/**/*.spec.ts', 'scripts/**/*.spec.ts'] },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['{libs,services,infra,examples}/**/*.test.ts', 'tests/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
