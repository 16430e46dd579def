import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

export const REPO_ROOT = join(__dirname, '..', '..');

/**
 * Builds the given projects (and what they reference) with `tsc -b`, so service processes run
 * current code. Only the projects a test needs, so unrelated work in progress cannot break it.
 */
export function buildProjects(projectDirs: readonly string[]): void {
  execFileSync(process.execPath, [join(REPO_ROOT, 'node_modules/typescript/bin/tsc'), '-b', ...projectDirs.map((d) => join(REPO_ROOT, d, 'tsconfig.json'))], {
    cwd: REPO_ROOT,
    stdio: 'inherit',
  });
}
