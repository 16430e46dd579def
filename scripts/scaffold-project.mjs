#!/usr/bin/env node
// Creates the shell of a workspace project: package.json (npm workspace with a source
// condition for tests), tsconfig.json (composite build of src/), project.json (Nx tags).
// Usage: node scripts/scaffold-project.mjs <dir> <scope> <type> [dep-dir ...]
import { mkdirSync, writeFileSync, existsSync } from 'node:fs';
import { basename, join, relative } from 'node:path';

const [dir, scope, type, ...deps] = process.argv.slice(2);
if (!dir || !scope || !type) {
  console.error('usage: scaffold-project.mjs <dir> <scope> <type> [dep-dir ...]');
  process.exit(2);
}
const name = basename(dir);
const isLib = dir.startsWith('libs/');
const pkgName = isLib ? `@quietpay/${name}` : `@quietpay/${dir.split('/')[0].replace(/s$/, '')}-${name}`;
mkdirSync(join(dir, 'src'), { recursive: true });
const write = (file, data) => {
  const path = join(dir, file);
  if (!existsSync(path)) writeFileSync(path, typeof data === 'string' ? data : JSON.stringify(data, null, 2) + '\n');
};
write('package.json', {
  name: pkgName,
  version: '0.1.0',
  private: true,
  main: './dist/index.js',
  types: './dist/index.d.ts',
  exports: {
    '.': { '@quietpay/source': './src/index.ts', types: './dist/index.d.ts', default: './dist/index.js' },
    './package.json': './package.json',
  },
});
write('tsconfig.json', {
  extends: relative(dir, 'tsconfig.base.json'),
  compilerOptions: { rootDir: 'src', outDir: 'dist', tsBuildInfoFile: 'dist/.tsbuildinfo' },
  include: ['src/**/*.ts'],
  exclude: ['src/**/*.spec.ts', 'src/**/*.test.ts'],
  references: deps.map((d) => ({ path: relative(dir, d) })),
});
write('project.json', {
  name,
  $schema: relative(dir, 'node_modules/nx/schemas/project-schema.json'),
  sourceRoot: `${dir}/src`,
  projectType: isLib ? 'library' : 'application',
  tags: [`scope:${scope}`, `type:${type}`],
});
write('src/index.ts', `export {};\n`);
console.log(`scaffolded ${pkgName} in ${dir}`);
