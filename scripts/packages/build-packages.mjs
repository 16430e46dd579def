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
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, resolve } from 'node:path';
import { execFileSync } from 'node:child_process';
import { build } from 'tsdown';

const ROOT = resolve(import.meta.dirname, '../..');
const PACKAGES = { sdk: { platform: 'neutral' }, server: { platform: 'node' } };
const INLINED = /^@quietpay\/(x402|solana)(\/|$)/;
const MANIFEST_FIELDS = ['name', 'version', 'description', 'license', 'keywords', 'homepage', 'repository', 'engines', 'sideEffects', 'dependencies', 'peerDependencies', 'peerDependenciesMeta'];

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

async function bundleJs(name) {
  await build({
    config: false,
    entry: { index: join(ROOT, `libs/${name}/src/index.ts`) },
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

function bundleDeclarations(names) {
  const config = {
    compilationOptions: { preferredConfigPath: join(ROOT, 'tsconfig.packages.json') },
    entries: names.map((name) => ({
      filePath: join(ROOT, `libs/${name}/src/index.ts`),
      outFile: join(packageRoot(name), 'dist/index.d.ts'),
      libraries: { inlinedLibraries: ['@quietpay/x402', '@quietpay/solana'] },
      output: { noBanner: true },
      noCheck: true,
    })),
  };
  const configPath = join(ROOT, 'dist/packages/dts-bundle.config.json');
  writeFileSync(configPath, JSON.stringify(config, null, 2));
  execFileSync(process.execPath, [join(ROOT, 'node_modules/dts-bundle-generator/dist/bin/dts-bundle-generator.js'), '--config', configPath, '--silent'], { stdio: 'inherit', cwd: ROOT });
  for (const name of names) {
    const dist = join(packageRoot(name), 'dist');
    // One self-contained declaration file (no relative imports), valid under both module formats.
    const text = readFileSync(join(dist, 'index.d.ts'), 'utf8');
    writeFileSync(join(dist, 'index.d.mts'), text);
    writeFileSync(join(dist, 'index.d.cts'), text);
    rmSync(join(dist, 'index.d.ts'));
  }
}

/** Every bare import of the bundles must be a declared dependency/peer or a Node built-in. */
function assertDeclaredImports(name, manifest) {
  const declared = new Set([...Object.keys(manifest.dependencies ?? {}), ...Object.keys(manifest.peerDependencies ?? {})]);
  const builtins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
  const missing = new Set();
  for (const file of ['index.mjs', 'index.cjs', 'index.d.mts']) {
    const text = readFileSync(join(packageRoot(name), 'dist', file), 'utf8');
    for (const [, spec] of text.matchAll(/(?:from\s*|require\(|import\()\s*["']([^"'./][^"']*)["']/g)) {
      if (builtins.has(spec)) continue;
      const pkg = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0];
      if (!declared.has(pkg)) missing.add(`${pkg} (imported in ${file})`);
    }
  }
  if (missing.size > 0) throw new Error(`@quietpay/${name}: imports not declared in libs/${name}/package.json: ${[...missing].join(', ')}`);
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
      '.': {
        import: { types: './dist/index.d.mts', default: './dist/index.mjs' },
        require: { types: './dist/index.d.cts', default: './dist/index.cjs' },
      },
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
for (const name of names) await bundleJs(name);
bundleDeclarations(names);
for (const name of names) assertDeclaredImports(name, writeManifest(name));
console.log(`built ${names.map((n) => `dist/packages/${n}`).join(', ')}`);
