import { execFile, execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// scripts/ belongs to no project (plain Node tooling the tests check), so the boundary rule calls it external.
// eslint-disable-next-line @nx/enforce-module-boundaries
import { compareWithManifest } from '../../scripts/packages/declared-imports.mjs';
import { REPO_ROOT } from '../support/build-projects';
import { consumerTypeCheck } from '../support/consumer-type-check';
import { type SessionStack, startSessionStack } from '../support/session-stack';

// Issue 12: the packages as an app developer gets them. Both publishable packages are built
// (scripts/packages/build-packages.mjs), packed with `npm pack` and installed from the tarballs into
// a project under the OS temp dir that has nothing from the monorepo: third-party dependencies
// come from npm's cache (filled by the monorepo's install) or the registry, at the versions the
// monorepo's lockfile tested. That project then type-checks against the packed declarations
// (ESM and CJS) and, loaded through `import` and through `require`, runs its own paywall from
// @quietpay/server and pays it and examples/paid-api (via the stock @x402/fetch) against the stack.

const PACKAGES = ['sdk', 'server'] as const;
const CONSUMER_FILES = join(REPO_ROOT, 'tests/packages/consumer');
// What the consumer app installs besides the tarballs: the peers its code uses, and tsc. hono and
// ioredis too: @quietpay/server's one declaration file names their types, so an app that
// type-checks libraries (skipLibCheck off) needs them even when it only uses Express.
const CONSUMER_DEPENDENCIES = ['@solana/web3.js', '@x402/core', '@x402/fetch', 'express', '@types/express', 'hono', 'ioredis', 'typescript', '@types/node'];
const execFileAsync = promisify(execFile);

let stack: SessionStack;
let work: string;
let consumer: string;
const tarballs: Record<string, string> = {};

function run(cmd: string, args: readonly string[], cwd: string): string {
  return execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** The version of `name` the monorepo installed (its lockfile), so the consumer tests the same one. */
function lockedVersion(name: string): string {
  const lock = JSON.parse(readFileSync(join(REPO_ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, { version?: string }> };
  const version = lock.packages[`node_modules/${name}`]?.version;
  if (version === undefined) throw new Error(`${name} is not in the monorepo's lockfile`);
  return version;
}

async function installConsumer(): Promise<void> {
  consumer = join(work, 'app');
  mkdirSync(consumer);
  const dependencies: Record<string, string> = { '@quietpay/sdk': `file:${tarballs['sdk']}`, '@quietpay/server': `file:${tarballs['server']}` };
  for (const name of CONSUMER_DEPENDENCIES) dependencies[name] = lockedVersion(name);
  writeFileSync(join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true, dependencies }, null, 2));
  for (const file of readdirSync(CONSUMER_FILES)) copyFileSync(join(CONSUMER_FILES, file), join(consumer, file));
  // --prefer-offline: cached metadata and tarballs first, the registry only for misses. Not a
  // workspace member (npm_config_workspaces) even though npm would look upward for one.
  await execFileAsync('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', '--no-package-lock'], {
    cwd: consumer,
    env: { ...process.env, npm_config_workspaces: 'false' },
  });
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'qp-packed-'));
  run(process.execPath, [join(REPO_ROOT, 'scripts/packages/build-packages.mjs')], REPO_ROOT);
  for (const name of PACKAGES) {
    const out = run('npm', ['pack', '--json', '--pack-destination', work, join(REPO_ROOT, 'dist/packages', name)], REPO_ROOT);
    const [packed] = JSON.parse(out) as { filename: string }[];
    tarballs[name] = join(work, packed!.filename);
  }
  // The install and the stack's start are independent; run them side by side.
  const started = startSessionStack().then((s) => (stack = s));
  await Promise.all([installConsumer(), started]);
}, 600_000);

afterAll(async () => {
  await stack?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

interface PayResult {
  readonly loaded: readonly string[];
  readonly unpaid: { readonly status: number; readonly schemes: readonly string[] };
  readonly own: { readonly status: number; readonly body: unknown; readonly settled: boolean };
  readonly chat: { readonly status: number; readonly reply: string; readonly settled: boolean };
  readonly optionError: { readonly quietpay: boolean; readonly acrossPackages: boolean; readonly code: string; readonly field: string } | null;
}

// Asynchronous on purpose: the localnet (RPC, covalidator) runs inside this test process, so a
// synchronous child would block the very server it is calling.
async function pay(script: string, payer: 'agent' | 'agent2'): Promise<PayResult> {
  const { stdout } = await execFileAsync(process.execPath, [script], {
    cwd: consumer,
    env: {
      ...process.env,
      PAYER_SECRET: JSON.stringify(Array.from(stack.wallets[payer].secretKey)),
      GATEWAY_URL: stack.gatewayUrl,
      RPC_URL: stack.net.endpoints.rpc,
      MERCHANT: stack.wallets.merchant.publicKey.toBase58(),
      PAID_URL: `${stack.paidApiUrl}/api/chat`,
    },
  });
  return JSON.parse(stdout.trim().split('\n').pop()!) as PayResult;
}

describe('published packages', () => {
  it('ship only the built dual-format bundles, declarations, README and LICENSE', () => {
    // @quietpay/server has subpath entries (express, hono, next; tests/packages/server-subpaths.test.ts)
    // whose bundles share hash-named chunks.
    const entries = { sdk: ['index'], server: ['express', 'hono', 'index', 'next'] };
    for (const name of PACKAGES) {
      const listing = run('tar', ['-tzf', tarballs[name]!], work).trim().split('\n').sort();
      const chunk = /^package\/dist\/[\w.-]+-[\w-]{8}\.(mjs|cjs)$/;
      expect(listing.filter((f) => !chunk.test(f))).toEqual([
        'package/LICENSE',
        'package/README.md',
        ...entries[name].flatMap((e) => ['cjs', 'd.cts', 'd.mts', 'mjs'].map((ext) => `package/dist/${e}.${ext}`)),
        'package/package.json',
      ]);
      if (name === 'sdk') expect(listing.filter((f) => chunk.test(f))).toEqual([]);
    }
  });

  it('install with nothing from the monorepo', () => {
    expect(readdirSync(join(consumer, 'node_modules/@quietpay')).sort()).toEqual(['sdk', 'server']);
    for (const name of PACKAGES) {
      const manifest = JSON.parse(readFileSync(join(consumer, 'node_modules/@quietpay', name, 'package.json'), 'utf8')) as Record<string, unknown>;
      expect(manifest['private']).toBeUndefined();
      expect(manifest['sideEffects']).toBe(false);
      const declared = [
        ...Object.keys((manifest['dependencies'] as object | undefined) ?? {}),
        ...Object.keys((manifest['peerDependencies'] as object | undefined) ?? {}),
      ];
      expect(declared.filter((d) => d.startsWith('@quietpay/'))).toEqual([]);
    }
  });

  it('declare exactly the packages their bundles import', () => {
    for (const name of PACKAGES) {
      const root = join(consumer, 'node_modules/@quietpay', name);
      const files = Object.fromEntries(readdirSync(join(root, 'dist')).map((f) => [f, readFileSync(join(root, 'dist', f), 'utf8')]));
      const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Parameters<typeof compareWithManifest>[1];
      expect(compareWithManifest(files, manifest)).toEqual({ undeclared: [], unused: [] });
    }
  });

  it('type-check from ESM and CJS TypeScript against the packed declarations (skipLibCheck off)', async () => {
    expect(await consumerTypeCheck(consumer)).toBe('');
  });

  it.each([
    ['pay.mjs', 'agent', 'index.mjs'],
    ['pay.cjs', 'agent2', 'index.cjs'],
  ] as const)('%s: serves a paywall from @quietpay/server and pays it and examples/paid-api with @quietpay/sdk', async (script, payer, bundle) => {
    const result = await pay(script, payer);
    expect(result.loaded.map((path) => path.replace(/^file:\/\//, '').replace(consumer, ''))).toEqual([
      `/node_modules/@quietpay/sdk/dist/${bundle}`,
      `/node_modules/@quietpay/server/dist/${bundle}`,
    ]);
    expect(result.unpaid).toEqual({ status: 402, schemes: ['session'] });
    expect(result.own).toEqual({ status: 200, body: { served: true }, settled: true });
    expect(result.chat).toEqual({ status: 200, reply: 'string', settled: true });
    expect(result.optionError).toEqual({ quietpay: true, acrossPackages: true, code: 'invalid_option', field: 'cap' });
  });
});
