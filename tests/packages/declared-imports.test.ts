import { describe, expect, it } from 'vitest';
// scripts/ belongs to no project (plain Node tooling the tests check), so the boundary rule calls it external.
// eslint-disable-next-line @nx/enforce-module-boundaries
import { compareWithManifest, importedPackages } from '../../scripts/packages/declared-imports.mjs';

// The check scripts/packages/build-packages.mjs runs on every build (and packed-install.test.ts on
// the installed packages): what a bundle imports against what its manifest declares.

const BUNDLE = [
  'import { z } from "zod";',
  "import BN from 'bn.js';",
  'import "side-effect-only";',
  'export * from "@scope/reexported";',
  'const anchor = require("@coral-xyz/anchor");',
  'const aes = require( "@noble/ciphers/aes" );',
  'const lazy = await import("lazy-dep/sub/path");',
  'import { createHash } from "node:crypto";',
  'const fs = require("fs");',
  'import { local } from "./local.js";',
  'const text = "this string mentions from nothing";',
].join('\n');

describe('importedPackages', () => {
  it('finds static, side-effect, re-export, require and dynamic imports by package, without built-ins or relative paths', () => {
    expect([...importedPackages(BUNDLE)].sort()).toEqual([
      '@coral-xyz/anchor',
      '@noble/ciphers',
      '@scope/reexported',
      'bn.js',
      'lazy-dep',
      'side-effect-only',
      'zod',
    ]);
  });
});

describe('compareWithManifest', () => {
  const files = {
    'index.mjs': 'import { z } from "zod";\nimport { BorshCoder } from "@coral-xyz/anchor";',
    'index.d.mts': 'import { Request } from "express";',
  };

  it('names a package a bundle imports that is neither a dependency nor a peer, with the file', () => {
    const result = compareWithManifest(files, { dependencies: { zod: '^4.1.0' }, peerDependencies: { express: '^5.0.0' } });
    expect(result.undeclared).toEqual(['@coral-xyz/anchor (imported in index.mjs)']);
  });

  it('names a dependency no bundle imports', () => {
    const result = compareWithManifest(files, {
      dependencies: { zod: '^4.1.0', '@coral-xyz/anchor': '^0.32.1', 'left-pad': '^1.0.0' },
      peerDependencies: { express: '^5.0.0' },
    });
    expect(result).toEqual({ undeclared: [], unused: ['left-pad'] });
  });
});
