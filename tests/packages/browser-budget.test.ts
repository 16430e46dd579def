import { execFile } from 'node:child_process';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { build, type Metafile, type Plugin } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/build-projects';

// Issue 12: @quietpay/sdk in a browser app, as an app's bundler builds it. The packaged ESM build
// (scripts/packages/build-packages.mjs, what npm installs) is bundled by esbuild for the browser,
// minified, behind two tiny apps (tests/packages/browser-budget/): one opens a session and pays,
// one pays through the private client. Each must stay within its gzipped budget, import no Node
// built-in, and read no Node global (`Buffer`, `process`, `global`) nor `window`, which a Web
// Worker lacks; a `typeof X` guard is allowed, it is how portable code asks.
// To see where the bytes go: the failure message lists the largest inputs (esbuild's metafile).

const APPS = {
  'session-app': { budgetGzipBytes: 90_000, what: 'opens a session and pays' },
  'private-app': { budgetGzipBytes: 70_000, what: 'pays through the private client' },
} as const;
const FORBIDDEN_GLOBALS = ['Buffer', 'process', 'global', 'window'] as const;
const MARK = '__quietpay_forbidden_global_';
const BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
const PACKAGED_SDK = join(REPO_ROOT, 'dist/packages/sdk/dist/index.mjs');

interface AppBundle {
  readonly gzipBytes: number;
  readonly minifiedBytes: number;
  readonly builtins: readonly string[];
  readonly globals: readonly string[];
  readonly dynamicRequire: boolean;
  readonly largestInputs: string;
}

/** Records every Node built-in an input imports (and leaves it out), instead of esbuild's bare "could not resolve". */
function builtinRecorder(found: Set<string>): Plugin {
  return {
    name: 'node-builtins',
    setup(b) {
      b.onResolve({ filter: /.*/ }, (args) => {
        if (!BUILTINS.has(args.path)) return undefined;
        found.add(`${args.path} (from ${args.importer.replace(`${REPO_ROOT}/`, '')})`);
        return { path: args.path, external: true };
      });
    },
  };
}

function largestInputs(metafile: Metafile): string {
  const bytes = new Map<string, number>();
  for (const output of Object.values(metafile.outputs)) {
    for (const [file, input] of Object.entries(output.inputs)) {
      const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file)?.[1] ?? file;
      bytes.set(pkg, (bytes.get(pkg) ?? 0) + input.bytesInOutput);
    }
  }
  return [...bytes]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 12)
    .map(([name, n]) => `${name} ${n}`)
    .join(', ');
}

async function bundleApp(app: keyof typeof APPS | { readonly contents: string }): Promise<AppBundle> {
  const builtins = new Set<string>();
  const result = await build({
    ...(typeof app === 'string'
      ? { entryPoints: [join(REPO_ROOT, 'tests/packages/browser-budget', `${app}.ts`)] }
      : { stdin: { contents: app.contents, resolveDir: REPO_ROOT, sourcefile: 'canary.ts', loader: 'ts' as const } }),
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    metafile: true,
    logLevel: 'silent',
    // The package as installed, not the monorepo's sources: its single-file bundle is what apps tree-shake.
    alias: { '@quietpay/sdk': PACKAGED_SDK },
    // esbuild's define replaces only free (global) references: whatever is left marked reads the global.
    define: Object.fromEntries(FORBIDDEN_GLOBALS.map((g) => [g, `${MARK}${g}`])),
    plugins: [builtinRecorder(builtins)],
  });
  const code = result.outputFiles[0]!.text;
  const globals = FORBIDDEN_GLOBALS.filter((g) => new RegExp(`(?<!typeof )${MARK}${g}\\b`).test(code));
  return {
    gzipBytes: gzipSync(code, { level: 9 }).length,
    minifiedBytes: Buffer.byteLength(code),
    builtins: [...builtins].sort(),
    globals,
    dynamicRequire: code.includes('Dynamic require of'),
    largestInputs: largestInputs(result.metafile),
  };
}

const bundles: Partial<Record<keyof typeof APPS, AppBundle>> = {};

beforeAll(async () => {
  // Under npm test every project's dist/ is current (QUIETPAY_PREBUILT), so this only bundles the sdk package.
  await promisify(execFile)(process.execPath, [join(REPO_ROOT, 'scripts/packages/build-packages.mjs'), 'sdk'], { cwd: REPO_ROOT });
  for (const app of Object.keys(APPS) as (keyof typeof APPS)[]) bundles[app] = await bundleApp(app);
});

describe('@quietpay/sdk in a browser bundle (esbuild, platform browser, minified)', () => {
  it('the check sees what it must refuse: a built-in import, Buffer and process reads, a dynamic require (typeof guards pass)', async () => {
    const canary = await bundleApp({
      contents: [
        "import { isIP } from 'node:net';",
        "export const a = Buffer.from('x');",
        'export const b = process.env.X;',
        "export const c = typeof window === 'undefined';",
        "export const d = isIP('1.2.3.4');",
        'export const e = (name: string): unknown => require(name);',
      ].join('\n'),
    });
    expect({ builtins: canary.builtins, globals: canary.globals, dynamicRequire: canary.dynamicRequire }).toEqual({
      builtins: ['node:net (from canary.ts)'],
      globals: ['Buffer', 'process'],
      dynamicRequire: true,
    });
  });

  for (const [app, { budgetGzipBytes, what }] of Object.entries(APPS) as [keyof typeof APPS, (typeof APPS)[keyof typeof APPS]][]) {
    it(`an app that ${what} stays within ${budgetGzipBytes / 1000} KB gzipped`, () => {
      const bundle = bundles[app]!;
      console.log(`${app}: ${bundle.minifiedBytes} B minified, ${bundle.gzipBytes} B gzipped (budget ${budgetGzipBytes}); largest: ${bundle.largestInputs}`);
      expect(bundle.gzipBytes, `largest inputs: ${bundle.largestInputs}`).toBeLessThanOrEqual(budgetGzipBytes);
    });

    it(`an app that ${what} reaches no Node built-in, Node global or window`, () => {
      const bundle = bundles[app]!;
      expect({ builtins: bundle.builtins, globals: bundle.globals, dynamicRequire: bundle.dynamicRequire }).toEqual({
        builtins: [],
        globals: [],
        dynamicRequire: false,
      });
    });
  }
});
