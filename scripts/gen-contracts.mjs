#!/usr/bin/env node
// Regenerates libs/contracts/src/gen from proto/ with buf (offline: local plugins only).
// Usage: node scripts/gen-contracts.mjs [--out <dir>]
//   --out <dir>  write under <dir>/libs/contracts/src/gen instead of the repo (the staleness
//                test generates into a temp dir and compares byte for byte).
import { execFileSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const outFlag = args.indexOf('--out');
if (outFlag >= 0 && !args[outFlag + 1]) {
  console.error('usage: gen-contracts.mjs [--out <dir>]');
  process.exit(2);
}
const outBase = outFlag >= 0 ? resolve(args[outFlag + 1]) : root;

// buf.gen.yaml's plugin paths are relative to proto/, so buf runs there; `-o` prefixes the
// template's `out` (libs/contracts/src/gen) with the chosen base.
execFileSync(process.execPath, [join(root, 'node_modules/@bufbuild/buf/bin/buf'),
  'generate', '--template', 'buf.gen.yaml', '-o', outBase], { cwd: join(root, 'proto'), stdio: 'inherit' });
if (outFlag < 0) console.log('generated libs/contracts/src/gen');
