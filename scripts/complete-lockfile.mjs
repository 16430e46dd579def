#!/usr/bin/env node
// Makes package-lock.json acceptable to `npm ci`. npm leaves other platforms' optional packages
// out of the lockfile (npm/cli#8320, #4828), and `npm ci` then refuses it with "Missing: <pkg>@
// from lock file" even on the platform that wrote it. For every locked package whose
// optionalDependencies have no entry, this records one from the registry's metadata (version,
// integrity, os/cpu/libc, optional), as npm itself would. The registry this project is built
// against serves only some platforms' binaries; an optional package it does not have at all
// cannot be locked, so its name is dropped from the parent's locked optionalDependencies
// (optional by definition: installs on the platforms we have are unchanged). Run after any
// `npm install` that changes dependencies:
//   node scripts/complete-lockfile.mjs && npm ci --ignore-scripts
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';

const LOCK = process.argv[2] ?? 'package-lock.json';
const lock = JSON.parse(readFileSync(LOCK, 'utf8'));
const packages = lock.packages;

/** Where npm would place `name` when required from `fromPath` (nested first, then hoisted). */
function resolveLocation(fromPath, name) {
  let base = fromPath;
  for (;;) {
    const candidate = `${base ? `${base}/` : ''}node_modules/${name}`;
    if (packages[candidate]) return candidate;
    if (!base) return null;
    const cut = base.lastIndexOf('/node_modules/');
    base = cut < 0 ? '' : base.slice(0, cut);
  }
}

/** The registry's metadata for one version, or null when the registry does not have it. */
function registryMetadata(name, version) {
  let raw;
  try {
    raw = execFileSync('npm', ['view', `${name}@${version}`, '--json', 'version', 'dist.integrity', 'os', 'cpu', 'libc', 'engines', 'license'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
  } catch {
    return null;
  }
  return JSON.parse(raw);
}

let added = 0;
let dropped = 0;
for (const [path, entry] of Object.entries(packages)) {
  if (!entry.optionalDependencies) continue;
  for (const [name, range] of Object.entries(entry.optionalDependencies)) {
    if (resolveLocation(path, name)) continue;
    const meta = registryMetadata(name, range);
    if (meta === null) {
      delete entry.optionalDependencies[name];
      dropped += 1;
      console.log(`- ${name}@${range} (not on the registry)`);
      continue;
    }
    const record = {
      version: meta.version,
      integrity: meta['dist.integrity'],
      ...(meta.cpu ? { cpu: meta.cpu } : {}),
      ...(entry.dev ? { dev: true } : {}),
      ...(meta.engines ? { engines: meta.engines } : {}),
      ...(meta.libc ? { libc: meta.libc } : {}),
      ...(meta.license ? { license: meta.license } : {}),
      optional: true,
      ...(meta.os ? { os: meta.os } : {}),
    };
    packages[`node_modules/${name}`] = record;
    added += 1;
    console.log(`+ ${name}@${meta.version}`);
  }
}

// npm keeps `packages` sorted by path; keep the file diff-friendly.
lock.packages = Object.fromEntries(Object.entries(packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))));
writeFileSync(LOCK, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`complete-lockfile: ${added} platform package(s) recorded, ${dropped} unavailable dropped`);
