// Lint rules for the whole workspace. The module-boundary constraints are the architecture:
// a service never imports another service, contracts import nothing of ours, and libs are
// only reachable through their root entry (`@quietpay/<lib>`), never `@quietpay/<lib>/src/...`.
import nx from '@nx/eslint-plugin';

const services = ['gateway', 'session-ledger', 'tx-builder', 'signer', 'submitter', 'crank-keeper', 'chain-poller', 'decrypt-proxy'];

export default [
  { ignores: ['**/dist/**', '**/node_modules/**', '**/.nx/**', 'libs/contracts/src/gen/**', 'coverage/**'] },
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  ...nx.configs['flat/javascript'],
  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.ts', '**/*.mjs', '**/*.js'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          // @quietpay/x402/server is a declared entry (package.json exports): the node-only helpers the
          // browser SDK must not reach through the root entry. @quietpay/server/{express,hono,next}
          // are the server package's per-framework entries.
          patterns: [
            {
              group: ['@quietpay/*/*', '!@quietpay/x402/server', '!@quietpay/server/express', '!@quietpay/server/hono', '!@quietpay/server/next'],
              message: 'Import a lib only through its root entry (@quietpay/<lib>) or a declared entry (@quietpay/x402/server, @quietpay/server/<framework>).',
            },
          ],
        },
      ],
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allowCircularSelfDependency: false,
          banTransitiveDependencies: false,
          checkDynamicDependenciesExceptions: [],
          depConstraints: [
            // Each service sees only itself and shared libs.
            ...services.map((s) => ({
              sourceTag: `scope:${s}`,
              onlyDependOnLibsWithTags: [`scope:${s}`, 'scope:shared'],
            })),
            { sourceTag: 'scope:localnet', onlyDependOnLibsWithTags: ['scope:localnet'] },
            { sourceTag: 'scope:bench', onlyDependOnLibsWithTags: ['scope:bench', 'scope:shared', 'scope:localnet'] },
            { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
            { sourceTag: 'scope:examples', onlyDependOnLibsWithTags: ['scope:examples', 'scope:shared'] },
            // Tests may drive the offline chain in-process (it is the outside world, not a service).
            { sourceTag: 'scope:tests', onlyDependOnLibsWithTags: ['scope:tests', 'scope:shared', 'scope:localnet'] },
            // Layering by type.
            { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: [] },
            { sourceTag: 'type:util', onlyDependOnLibsWithTags: ['type:util'] },
            { sourceTag: 'type:platform', onlyDependOnLibsWithTags: ['type:contracts', 'type:util'] },
            { sourceTag: 'type:client', onlyDependOnLibsWithTags: ['type:util', 'type:contracts'] },
            // Tests and benchmarks may drive anything their scope allows (scope rules above still keep services out).
            { sourceTag: 'type:tests', onlyDependOnLibsWithTags: ['type:contracts', 'type:platform', 'type:util', 'type:client', 'type:app'] },
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:contracts', 'type:platform', 'type:util', 'type:client'] },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.spec.ts', '**/*.test.ts', 'tests/**/*.ts', 'bench/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
];
