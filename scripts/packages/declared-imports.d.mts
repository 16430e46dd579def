// Types of declared-imports.mjs for the TypeScript tests that use it.
export interface ManifestDeps {
  readonly dependencies?: Readonly<Record<string, string>>;
  readonly peerDependencies?: Readonly<Record<string, string>>;
}
export function packageOf(specifier: string): string;
export function importedPackages(text: string): Set<string>;
export function compareWithManifest(files: Readonly<Record<string, string>>, manifest: ManifestDeps): { undeclared: string[]; unused: string[] };
