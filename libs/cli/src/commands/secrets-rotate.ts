import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** File names of the px402 token secrets in a resource server's secret directory. */
export const CURRENT_FILE = 'px402-token-secret';
export const PREVIOUS_FILE = 'px402-token-secret.previous';

export interface Rotation {
  readonly current: string;
  /** Fingerprint of the secret now in the previous file; undefined on a first rotation. */
  readonly previous?: string;
}

/** A secret's public fingerprint: the first 8 bytes of its SHA-256, hex. Never the secret. */
export function fingerprintOf(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex').slice(0, 16);
}

function writeAtomically(path: string, content: string): void {
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, content, { mode: 0o600 });
  renameSync(tmp, path);
}

/**
 * Rotates the px402 payment-token secrets where the resource server reads them (they never leave
 * that host: the facilitator holds no px402 secret, by design): the current secret becomes the
 * previous one, a fresh 32-byte random secret the current one. Each file is replaced by an atomic
 * rename (mode 0600), previous first, so a reader sees the old pair or the new one, and tokens
 * signed before the rotation still verify against `previous` until they expire.
 */
export function rotateTokenSecrets(dir: string): Rotation {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new Error(`${dir} is not a directory`);
  const currentPath = join(dir, CURRENT_FILE);
  const old = existsSync(currentPath) ? readFileSync(currentPath, 'utf8').trim() : undefined;
  if (old !== undefined) writeAtomically(join(dir, PREVIOUS_FILE), `${old}\n`);
  const fresh = randomBytes(32).toString('base64url');
  writeAtomically(currentPath, `${fresh}\n`);
  return { current: fingerprintOf(fresh), ...(old === undefined ? {} : { previous: fingerprintOf(old) }) };
}
