import { Keypair } from '@solana/web3.js';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const WALLET_ROLES = ['facilitator', 'merchant', 'agent', 'agent2', 'mintAuthority'] as const;

/**
 * Loads `<dir>/<name>.json` (Solana CLI format: a JSON array of the 64 secret-key bytes) or
 * creates it, so keys that services were configured with stay valid across restarts.
 */
export function loadOrCreateKeypair(dir: string, name: string): { keypair: Keypair; path: string } {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${name}.json`);
  if (existsSync(path)) {
    const raw: unknown = JSON.parse(readFileSync(path, 'utf8'));
    if (!Array.isArray(raw) || raw.length !== 64 || !raw.every((b) => Number.isInteger(b) && b >= 0 && b < 256)) {
      throw new Error(`${path} is not a Solana CLI keypair file`);
    }
    return { keypair: Keypair.fromSecretKey(Uint8Array.from(raw as number[])), path };
  }
  const keypair = Keypair.generate();
  writeFileSync(path, JSON.stringify(Array.from(keypair.secretKey)), { mode: 0o600 });
  return { keypair, path };
}
