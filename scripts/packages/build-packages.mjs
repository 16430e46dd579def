// Builds the publishable packages (@quietpay/sdk, @quietpay/server) into dist/packages/<name>/:
// ESM (.mjs) and CJS (.cjs) bundles, one declaration bundle per format (.d.mts/.d.cts), the README,
// the LICENSE and a manifest generated from libs/<name>/package.json.
//
// Why a separate package root: inside the monorepo every lib resolves to tsc -b's per-file CJS
// output (services run from it) or, in tests, to its sources. The published layout is different
// (bundled, dual format), and publishing from a generated root is how Nx release ships built
// packages (nx.json `release`), so the monorepo's own build and the published one never mix.
//
// Why the internal libs are bundled, not published alongside: @quietpay/x402 and @quietpay/solana
// are wire/encoder internals whose APIs change with the services; publishing them would freeze
// those APIs. Only what sdk/server export is public, and their .d.ts inline the types they need.
//
// Usage: node scripts/packages/build-packages.mjs [sdk|server ...]
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { rolldown } from 'rolldown';
import { dts } from 'rolldown-plugin-dts';
import { build } from 'tsdown';
import { compareWithManifest } from './declared-imports.mjs';

const ROOT = resolve(import.meta.dirname, '../..');
// `entries`: the package's entry points besides `index` (the root), each a subpath export
// (`@quietpay/server/express` → libs/server/src/express.ts), so an app imports only its framework's adapters.
const PACKAGES = { sdk: { platform: 'neutral', entries: [] }, server: { platform: 'node', entries: ['express', 'hono', 'next'] } };
const INLINED = /^@quietpay\/(x402|solana)(\/|$)/;
const MANIFEST_FIELDS = [
  'name',
  'version',
  'description',
  'license',
  'keywords',
  'homepage',
  'repository',
  'engines',
  'sideEffects',
  'dependencies',
  'peerDependencies',
  'peerDependenciesMeta',
];

const requested = process.argv.slice(2);
const names = requested.length > 0 ? requested : Object.keys(PACKAGES);
for (const name of names) if (!(name in PACKAGES)) throw new Error(`unknown package "${name}" (expected one of ${Object.keys(PACKAGES).join(', ')})`);

/** The package root everything for `name` is written to. */
export function packageRoot(name) {
  return join(ROOT, 'dist/packages', name);
}

function isExternal(id) {
  if (id.startsWith('.') || id.startsWith('/') || id.startsWith('\0')) return false;
  return !INLINED.test(id);
}

/** `index` and the package's subpath entries. */
function entriesOf(name) {
  return ['index', ...PACKAGES[name].entries];
}

async function bundleJs(name) {
  await build({
    config: false,
    // One build for all entries: what they share (the error classes above all) is one chunk, so
    // `instanceof QuietpayError` holds whichever entry threw and whichever the app imported.
    entry: Object.fromEntries(entriesOf(name).map((entry) => [entry, join(ROOT, `libs/${name}/src/${entry}.ts`)])),
    format: ['esm', 'cjs'],
    fixedExtension: true,
    outDir: join(packageRoot(name), 'dist'),
    platform: PACKAGES[name].platform,
    target: 'es2022',
    tsconfig: join(ROOT, 'tsconfig.packages.json'),
    dts: false,
    sourcemap: false,
    clean: false,
    deps: { neverBundle: isExternal },
    inputOptions: { resolve: { conditionNames: ['@quietpay/source'] } },
    logLevel: 'warn',
  });
}

// The declarations are bundled from what `tsc -b` already emitted for libs/<name> (and the
// x402/solana libs it references), not recompiled from sources: a program over the sources took
// 10-25 min on the shared 2-core machine; bundling emitted .d.ts takes seconds and the types are
// the ones the monorepo type-checked. `tsc -b` is a no-op when the nx build ran first.
// Each entry is bundled on its own (no shared declaration chunks): a subpath's declarations then
// name only the framework it serves, and one self-contained file is valid under both module formats.
async function bundleDeclarations(name, entry) {
  const dist = join(packageRoot(name), 'dist');
  const bundle = await rolldown({
    input: { [entry]: join(ROOT, `libs/${name}/dist/${entry}.d.ts`) },
    cwd: ROOT,
    external: isExternal,
    plugins: [dts({ dtsInput: true, emitDtsOnly: true, tsconfig: false })],
    logLevel: 'warn',
  });
  await bundle.write({ dir: dist, format: 'es', entryFileNames: '[name].d.mts' });
  await bundle.close();
  // The .d.cts copy is what `require` resolution (exports.require.types) picks.
  copyFileSync(join(dist, `${entry}.d.mts`), join(dist, `${entry}.d.cts`));
}

/** The `exports` map entry of one entry point, for `import` and `require`. */
function exportOf(entry) {
  return {
    import: { types: `./dist/${entry}.d.mts`, default: `./dist/${entry}.mjs` },
    require: { types: `./dist/${entry}.d.cts`, default: `./dist/${entry}.cjs` },
  };
}

/** Every bare import of the bundles must be a declared dependency/peer, and every dependency imported. */
function assertDeclaredImports(name, manifest) {
  const dist = join(packageRoot(name), 'dist');
  const files = Object.fromEntries(
    readdirSync(dist)
      .filter((f) => /\.(mjs|cjs|d\.mts|d\.cts)$/.test(f))
      .map((f) => [f, readFileSync(join(dist, f), 'utf8')]),
  );
  const { undeclared, unused } = compareWithManifest(files, manifest);
  if (undeclared.length > 0) throw new Error(`@quietpay/${name}: imports not declared in libs/${name}/package.json: ${undeclared.join(', ')}`);
  if (unused.length > 0) throw new Error(`@quietpay/${name}: dependencies in libs/${name}/package.json no bundle imports: ${unused.join(', ')}`);
}

function writeManifest(name) {
  const source = JSON.parse(readFileSync(join(ROOT, `libs/${name}/package.json`), 'utf8'));
  const manifest = Object.fromEntries(MANIFEST_FIELDS.filter((f) => source[f] !== undefined).map((f) => [f, source[f]]));
  Object.assign(manifest, {
    type: 'module',
    main: './dist/index.cjs',
    module: './dist/index.mjs',
    types: './dist/index.d.cts',
    exports: {
      '.': exportOf('index'),
      ...Object.fromEntries(PACKAGES[name].entries.map((entry) => [`./${entry}`, exportOf(entry)])),
      './package.json': './package.json',
    },
    files: ['dist', 'README.md', 'LICENSE'],
  });
  writeFileSync(join(packageRoot(name), 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  copyFileSync(join(ROOT, `libs/${name}/README.md`), join(packageRoot(name), 'README.md'));
  copyFileSync(join(ROOT, 'LICENSE'), join(packageRoot(name), 'LICENSE'));
  return manifest;
}

for (const name of names) rmSync(packageRoot(name), { recursive: true, force: true });
mkdirSync(join(ROOT, 'dist/packages'), { recursive: true });
// Under `npm test` (QUIETPAY_PREBUILT=1) scripts/test.sh already built every project once; no test
// emits into a lib's dist/ while others read it.
if (process.env.QUIETPAY_PREBUILT !== '1') {
  execFileSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-b', ...names.map((n) => `libs/${n}/tsconfig.json`)], {
    stdio: 'inherit',
    cwd: ROOT,
  });
}
for (const name of names) {
  await bundleJs(name);
  for (const entry of entriesOf(name)) await bundleDeclarations(name, entry);
}
for (const name of names) assertDeclaredImports(name, writeManifest(name));
console.log(`built ${names.map((n) => `dist/packages/${n}`).join(', ')}`);
