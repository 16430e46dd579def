import { execFileSync } from 'node:child_process';
import { builtinModules } from 'node:module';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// The build and test tooling's config files (vite.config.mts of the console and the browser tests,
// vitest and eslint configs) import packages that only the root package.json can declare: one that
// is merely hoisted there by another package (vite came with vitest) disappears from node_modules
// the day that package drops it, and `npm ci` cannot tell.
const ROOT = join(__dirname, '..', '..');

/** `vite/config` → `vite`, `@scope/pkg/sub` → `@scope/pkg`. */
const packageOf = (specifier: string): string =>
  specifier
    .split('/')
    .slice(0, specifier.startsWith('@') ? 2 : 1)
    .join('/');

describe('tooling config files', () => {
  it('import only packages the root package.json declares', () => {
    const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Record<string, Record<string, string> | undefined>;
    const declared = new Set([...Object.keys(manifest['dependencies'] ?? {}), ...Object.keys(manifest['devDependencies'] ?? {})]);
    const builtins = new Set(builtinModules);
    const configs = execFileSync('git', ['ls-files', '*.config.mts', '*.config.mjs'], { cwd: ROOT, encoding: 'utf8' }).trim().split('\n');
    expect(configs).toContain('libs/console/vite.config.mts');
    const undeclared: string[] = [];
    for (const file of configs) {
      const source = readFileSync(join(ROOT, file), 'utf8');
      for (const [, specifier] of source.matchAll(/^import\s[^'"]*['"]([^'".][^'"]*)['"]/gm)) {
        const name = packageOf(specifier!);
        if (specifier!.startsWith('node:') || builtins.has(name) || name.startsWith('@quietpay/')) continue;
        if (!declared.has(name)) undeclared.push(`${file}: ${name}`);
      }
    }
    expect(undeclared).toEqual([]);
  });
});
