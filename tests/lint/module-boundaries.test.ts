import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ESLint } from 'eslint';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';

// Lints probe files placed inside real projects with the workspace's own eslint.config.mjs, so
// the Nx project graph, tags and depConstraints are the ones CI enforces.
const ROOT = join(__dirname, '..', '..');
const probes: string[] = [];

async function boundaryErrors(projectDir: string, source: string): Promise<string[]> {
  const file = join(ROOT, projectDir, 'src', `lint-probe-${randomBytes(4).toString('hex')}.ts`);
  probes.push(file);
  writeFileSync(file, source);
  const eslint = new ESLint({ cwd: ROOT });
  const [result] = await eslint.lintFiles([file]);
  return (result?.messages ?? [])
    .filter((m) => m.ruleId === '@nx/enforce-module-boundaries' || m.ruleId === 'no-restricted-imports')
    .map((m) => `${m.ruleId}: ${m.message}`);
}

// @nx/enforce-module-boundaries silently skips itself when no project graph is cached (a clean
// clone), which would make every assertion below pass vacuously; compute the graph first.
beforeAll(() => {
  execFileSync('npx', ['nx', 'show', 'projects'], {
    cwd: ROOT,
    env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true' },
    stdio: 'ignore',
  });
}, 120_000);

afterEach(() => {
  for (const file of probes.splice(0)) rmSync(file, { force: true });
});

describe('module boundaries', () => {
  it('forbids a service importing another service by package name', async () => {
    const errors = await boundaryErrors('services/gateway', `export * from '@quietpay/service-signer';\n`);
    expect(errors.join('\n')).toMatch(/enforce-module-boundaries/);
  });

  it('forbids a service importing another service by relative path', async () => {
    const errors = await boundaryErrors('services/gateway', `export * from '../../signer/src/index';\n`);
    expect(errors.join('\n')).toMatch(/enforce-module-boundaries/);
  });

  it('forbids deep imports into a lib', async () => {
    const errors = await boundaryErrors('services/gateway', `export * from '@quietpay/x402/src/index';\n`);
    expect(errors.join('\n')).toMatch(/root entry|enforce-module-boundaries/);
  });

  it('forbids contracts importing any of our libs', async () => {
    const errors = await boundaryErrors('libs/contracts', `export * from '@quietpay/x402';\n`);
    expect(errors.join('\n')).toMatch(/enforce-module-boundaries/);
  });

  it('forbids a shared lib importing a service', async () => {
    const errors = await boundaryErrors('libs/platform', `export * from '@quietpay/service-gateway';\n`);
    expect(errors.join('\n')).toMatch(/enforce-module-boundaries/);
  });

  it('allows a service importing a shared lib through its root entry', async () => {
    const errors = await boundaryErrors('services/gateway', `export * from '@quietpay/x402';\n`);
    expect(errors).toEqual([]);
  });
});
