// What a bundle needs at install time, checked against the manifest that ships with it.
//
// Why a text scan of the built files and not the source imports: the bundles inline
// @quietpay/x402 and @quietpay/solana, so their third-party imports (e.g. @coral-xyz/anchor from
// the Inco coder) become the package's own; only the emitted files say what an installer must fetch.
import { builtinModules } from 'node:module';

const BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
// Static imports and re-exports (`from 'x'`), side-effect imports (`import 'x'`), require() and import().
const SPECIFIER = /(?:\bfrom\s*|\bimport\s*|\brequire\(\s*|\bimport\(\s*)["']([^"'./][^"']*)["']/g;

/** The package a bare specifier names: `@scope/name` or `name`, subpaths dropped. */
export function packageOf(specifier) {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/** Every third-party package a bundle file imports (Node built-ins excluded). */
export function importedPackages(text) {
  const found = new Set();
  for (const [, spec] of text.matchAll(SPECIFIER)) if (!BUILTINS.has(spec) && !spec.startsWith('node:')) found.add(packageOf(spec));
  return found;
}

/**
 * Compares the bundles' imports with the manifest: `undeclared` are imported but neither a
 * dependency nor a peer (an install would fail at runtime), `unused` are dependencies nothing
 * imports (an install would fetch them for nothing). `files` maps a file name to its text.
 */
export function compareWithManifest(files, manifest) {
  const declared = new Set([...Object.keys(manifest.dependencies ?? {}), ...Object.keys(manifest.peerDependencies ?? {})]);
  const undeclared = [];
  const imported = new Set();
  for (const [file, text] of Object.entries(files)) {
    for (const pkg of importedPackages(text)) {
      imported.add(pkg);
      if (!declared.has(pkg)) undeclared.push(`${pkg} (imported in ${file})`);
    }
  }
  const unused = Object.keys(manifest.dependencies ?? {}).filter((d) => !imported.has(d));
  return { undeclared, unused };
}
