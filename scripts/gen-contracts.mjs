#!/usr/bin/env node
// Regenerates libs/contracts/src/gen from proto/ with buf (offline: local plugins only).
// Usage: node scripts/gen-contracts.mjs [--out <dir>] [--proto <dir>]
//   --out <dir>    write under <dir>/libs/contracts/src/gen instead of the repo (the staleness
//                  test generates into a temp dir and compares byte for byte).
//   --proto <dir>  read protos from <dir> instead of proto/ (tests feed the generator bad protos).
import { execFileSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
function flag(name) {
  const at = args.indexOf(name);
  if (at < 0) return undefined;
  if (!args[at + 1]) {
    console.error('usage: gen-contracts.mjs [--out <dir>] [--proto <dir>]');
    process.exit(2);
  }
  return resolve(args[at + 1]);
}
const out = flag('--out');
const outBase = out ?? root;
const input = flag('--proto') ?? '.';

// buf.gen.yaml's plugin paths are relative to proto/, so buf runs there; `-o` prefixes the
// template's `out` (libs/contracts/src/gen) with the chosen base.
execFileSync(process.execPath, [join(root, 'node_modules/@bufbuild/buf/bin/buf'), 'generate', input, '--template', 'buf.gen.yaml', '-o', outBase], {
  cwd: join(root, 'proto'),
  stdio: 'inherit',
});
if (!out) console.log('generated libs/contracts/src/gen');
