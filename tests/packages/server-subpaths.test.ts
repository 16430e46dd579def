import { execFile, execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/build-projects';
import { consumerTypeCheck } from '../support/consumer-type-check';

// @quietpay/server's framework entry points as a user gets them: the package is built
// (scripts/packages/build-packages.mjs), packed and installed from the tarball into a project under
// the OS temp dir that has Express and Hono but neither ioredis nor @x402/core (optional peers only
// the root entry's declarations name). That project type-checks one file per subpath (skipLibCheck
// off), and loads every subpath through `import` and `require`, serving a request through each
// framework's paywall. No stack: the facilitator is down, which each paywall answers 503.

const SUBPATHS = ['express', 'hono', 'next'] as const;
// The framework-specific peers each subpath's declarations may name (none for next: standard Request/Response).
const MAY_NAME: Record<(typeof SUBPATHS)[number], readonly string[]> = { express: ['express'], hono: ['hono'], next: [] };
const OPTIONAL_PEERS = ['express', 'hono', 'ioredis', '@x402/core'];
const CONSUMER_FILES = join(REPO_ROOT, 'tests/packages/subpath-consumer');
const CONSUMER_DEPENDENCIES = ['express', '@types/express', 'hono', 'typescript', '@types/node'];
const execFileAsync = promisify(execFile);

let work: string;
let consumer: string;
let packed: string;

function lockedVersion(name: string): string {
  const lock = JSON.parse(readFileSync(join(REPO_ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, { version?: string }> };
  const version = lock.packages[`node_modules/${name}`]?.version;
  if (version === undefined) throw new Error(`${name} is not in the monorepo's lockfile`);
  return version;
}

/** The bare module names a bundled declaration file imports. */
function importedModules(source: string): string[] {
  return [...source.matchAll(/\bfrom\s+["']([^"'.][^"']*)["']|\bimport\(\s*["']([^"'.][^"']*)["']\s*\)/g)].map((m) => (m[1] ?? m[2])!);
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'qp-subpaths-'));
  execFileSync(process.execPath, [join(REPO_ROOT, 'scripts/packages/build-packages.mjs'), 'server'], { cwd: REPO_ROOT, stdio: 'pipe' });
  const out = execFileSync('npm', ['pack', '--json', '--pack-destination', work, join(REPO_ROOT, 'dist/packages/server')], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
  });
  packed = join(work, (JSON.parse(out) as { filename: string }[])[0]!.filename);
  consumer = join(work, 'app');
  mkdirSync(consumer);
  const dependencies: Record<string, string> = { '@quietpay/server': `file:${packed}` };
  for (const name of CONSUMER_DEPENDENCIES) dependencies[name] = lockedVersion(name);
  writeFileSync(join(consumer, 'package.json'), JSON.stringify({ name: 'subpath-consumer', version: '1.0.0', private: true, dependencies }, null, 2));
  for (const file of readdirSync(CONSUMER_FILES)) copyFileSync(join(CONSUMER_FILES, file), join(consumer, file));
  await execFileAsync('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', '--no-package-lock'], {
    cwd: consumer,
    env: { ...process.env, npm_config_workspaces: 'false' },
  });
}, 600_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('@quietpay/server subpath entry points', () => {
  const installed = () => join(consumer, 'node_modules/@quietpay/server');

  it('are exported for import and require, next to the root entry', () => {
    const manifest = JSON.parse(readFileSync(join(installed(), 'package.json'), 'utf8')) as { exports: Record<string, unknown> };
    expect(Object.keys(manifest.exports)).toEqual(['.', './express', './hono', './next', './package.json']);
    for (const entry of SUBPATHS) {
      expect(manifest.exports[`./${entry}`]).toEqual({
        import: { types: `./dist/${entry}.d.mts`, default: `./dist/${entry}.mjs` },
        require: { types: `./dist/${entry}.d.cts`, default: `./dist/${entry}.cjs` },
      });
    }
    expect(readdirSync(join(consumer, 'node_modules')).filter((d) => ['ioredis', '@x402'].includes(d))).toEqual([]);
  });

  it.each(SUBPATHS)("%s: its declarations name no optional peer but its own framework's", (entry) => {
    for (const ext of ['d.mts', 'd.cts']) {
      const named = importedModules(readFileSync(join(installed(), 'dist', `${entry}.${ext}`), 'utf8'));
      const peers = [...new Set(named.filter((m) => OPTIONAL_PEERS.some((p) => m === p || m.startsWith(`${p}/`))))];
      expect(peers.sort(), `${entry}.${ext}`).toEqual([...MAY_NAME[entry]]);
    }
  });

  it('type-check from ESM and CJS TypeScript, one file per subpath (skipLibCheck off)', async () => {
    expect(await consumerTypeCheck(consumer)).toBe('');
  });

  it('load through import: each framework serves the paywall (facilitator down → 503), error classes shared with the root', async () => {
    const { stdout } = await execFileAsync(process.execPath, ['run.mjs'], { cwd: consumer });
    const result = JSON.parse(stdout.trim().split('\n').pop()!) as Record<string, unknown>;
    expect((result['loaded'] as string[]).map((p) => p.replace(/^file:\/\//, '').replace(consumer, ''))).toEqual(
      SUBPATHS.map((entry) => `/node_modules/@quietpay/server/dist/${entry}.mjs`),
    );
    const outage = { status: 503, error: 'facilitator_unavailable' };
    expect(result).toMatchObject({ express: outage, hono: outage, next: outage, sharedErrors: true, rootKept: true });
  });

  it('load through require', async () => {
    const { stdout } = await execFileAsync(process.execPath, ['run.cjs'], { cwd: consumer });
    const result = JSON.parse(stdout.trim().split('\n').pop()!) as Record<string, unknown>;
    expect((result['loaded'] as string[]).map((p) => p.replace(consumer, ''))).toEqual(
      SUBPATHS.map((entry) => `/node_modules/@quietpay/server/dist/${entry}.cjs`),
    );
    expect(result).toMatchObject({ exports: { express: true, hono: true, next: true }, sharedErrors: true });
  });
});
