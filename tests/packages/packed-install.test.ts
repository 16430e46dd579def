import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/build-projects';
import { type SessionStack, startSessionStack } from '../support/session-stack';

// Issue 12: the packages as an app developer gets them. Each publishable package is built
// (scripts/packages/build-packages.mjs), packed with `npm pack`, and installed into a fresh
// project that has nothing from the monorepo (third-party dependencies come from npm's cache or
// the registry); that project then pays examples/paid-api from Node ESM and from CommonJS.

const PACKAGES = ['sdk', 'server'] as const;
let stack: SessionStack;
let work: string;
let consumer: string;
const tarballs: Record<string, string> = {};

function run(cmd: string, args: readonly string[], cwd: string, env: Record<string, string> = {}): string {
  return execFileSync(cmd, args, { cwd, encoding: 'utf8', env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
}

const payScript = (format: 'esm' | 'cjs'): string => {
  const imports =
    format === 'esm'
      ? `import { createSession, keypairWallet, QuietpayError } from '@quietpay/sdk';\nimport { Keypair } from '@solana/web3.js';\n`
      : `const { createSession, keypairWallet, QuietpayError } = require('@quietpay/sdk');\nconst { Keypair } = require('@solana/web3.js');\n`;
  return `${imports}
const env = process.env;
async function main() {
  const wallet = keypairWallet(Keypair.fromSecretKey(Uint8Array.from(JSON.parse(env.PAYER_SECRET))));
  const session = await createSession({ wallet, facilitatorUrl: env.GATEWAY_URL, rpcUrl: env.RPC_URL, cap: '2', expiresInSeconds: 600, recipient: env.MERCHANT });
  const res = await session.fetch(env.PAID_URL, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ message: 'from ${format}' }) });
  const body = await res.json();
  console.log(JSON.stringify({ status: res.status, receipt: res.headers.get('payment-response') !== null, body, errorModel: typeof QuietpayError }));
}
main().catch((e) => { console.error(e); process.exit(1); });
`;
};

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'qp-packed-'));
  run(process.execPath, [join(REPO_ROOT, 'scripts/packages/build-packages.mjs')], REPO_ROOT);
  for (const name of PACKAGES) {
    const out = run('npm', ['pack', '--json', '--pack-destination', work, join(REPO_ROOT, 'dist/packages', name)], REPO_ROOT);
    const [packed] = JSON.parse(out) as { filename: string }[];
    tarballs[name] = join(work, packed!.filename);
  }
  consumer = join(work, 'app');
  run('mkdir', ['-p', consumer], work);
  const sdkManifest = JSON.parse(readFileSync(join(REPO_ROOT, 'libs/sdk/package.json'), 'utf8')) as { dependencies: Record<string, string> };
  const web3 = sdkManifest.dependencies['@solana/web3.js'];
  writeFileSync(join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true, dependencies: { '@quietpay/sdk': `file:${tarballs['sdk']}`, '@quietpay/server': `file:${tarballs['server']}`, '@solana/web3.js': web3 } }));
  // --prefer-offline: the monorepo's install filled npm's cache; the registry only for misses.
  run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', '--no-package-lock'], consumer, { npm_config_workspaces: 'false' });
  writeFileSync(join(consumer, 'pay.mjs'), payScript('esm'));
  writeFileSync(join(consumer, 'pay.cjs'), payScript('cjs'));
  stack = await startSessionStack();
}, 900_000);

afterAll(async () => {
  await stack?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('published packages', () => {
  it('ship only the built dual-format bundles, declarations, README and LICENSE', () => {
    for (const name of PACKAGES) {
      const listing = run('tar', ['-tzf', tarballs[name]!], work).trim().split('\n').sort();
      expect(listing).toEqual(['package/LICENSE', 'package/README.md', 'package/dist/index.cjs', 'package/dist/index.d.cts', 'package/dist/index.d.mts', 'package/dist/index.mjs', 'package/package.json']);
    }
  });

  it('install with nothing from the monorepo', () => {
    const installed = readdirSync(join(consumer, 'node_modules/@quietpay')).sort();
    expect(installed).toEqual(['sdk', 'server']);
    const manifest = JSON.parse(readFileSync(join(consumer, 'node_modules/@quietpay/sdk/package.json'), 'utf8')) as Record<string, unknown>;
    expect(manifest['private']).toBeUndefined();
    expect(manifest['sideEffects']).toBe(false);
    expect(Object.keys(manifest['dependencies'] as object).some((d) => d.startsWith('@quietpay/'))).toBe(false);
  });

  it.each(['pay.mjs', 'pay.cjs'])('pays examples/paid-api from %s', (script) => {
    const out = run(process.execPath, [script], consumer, {
      PAYER_SECRET: JSON.stringify(Array.from(stack.wallets.agent.secretKey)),
      GATEWAY_URL: stack.gatewayUrl,
      RPC_URL: stack.net.endpoints.rpc,
      MERCHANT: stack.wallets.merchant.publicKey.toBase58(),
      PAID_URL: `${stack.paidApiUrl}/api/chat`,
    });
    const result = JSON.parse(out.trim().split('\n').pop()!) as { status: number; receipt: boolean; body: { reply?: string }; errorModel: string };
    expect(result).toMatchObject({ status: 200, receipt: true, errorModel: 'function' });
    expect(typeof result.body.reply).toBe('string');
  });

  it('server package loads from ESM and CJS with its paywalls', () => {
    const esm = run(process.execPath, ['--input-type=module', '-e', "import * as s from '@quietpay/server'; console.log(typeof s.sessionPaywallExpress, typeof s.SessionSchemeServer)"], consumer);
    const cjs = run(process.execPath, ['-e', "const s = require('@quietpay/server'); console.log(typeof s.sessionPaywallExpress, typeof s.SessionSchemeServer)"], consumer);
    expect(esm.trim()).toBe('function function');
    expect(cjs.trim()).toBe('function function');
  });
});
