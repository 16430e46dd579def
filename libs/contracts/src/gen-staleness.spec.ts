import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = resolve(__dirname, '../../..');
const committed = join(root, 'libs/contracts/src/gen');
const scratch = mkdtempSync(join(tmpdir(), 'quietpay-contracts-'));

function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)))
    .sort();
}

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('generated contracts', () => {
  it('match proto/ (run `npm run gen:contracts` when this fails)', () => {
    execFileSync(process.execPath, [join(root, 'scripts/gen-contracts.mjs'), '--out', scratch], { stdio: 'pipe' });
    const fresh = join(scratch, 'libs/contracts/src/gen');
    const files = listFiles(fresh);
    expect(files).toContain('registry.ts');
    expect(listFiles(committed)).toEqual(files);
    for (const file of files) {
      const same = readFileSync(join(fresh, file)).equals(readFileSync(join(committed, file)));
      expect(same, `${file} is stale`).toBe(true);
    }
  }, 120_000);
});
