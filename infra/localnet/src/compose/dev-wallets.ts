import { Keypair } from '@solana/web3.js';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const WALLET_ROLES = ['facilitator', 'merchant', 'agent', 'agent2', 'mintAuthority'] as const;
export type WalletRole = (typeof WALLET_ROLES)[number];

/**
 * Loads `<dir>/<name>.json` (Solana CLI format: a JSON array of the 64 secret-key bytes) or
 * creates it, so keys that services were configured with stay valid across restarts.
 */
export function loadOrCreateKeypair(dir: string, name: string): { keypair: Keypair; path: string } {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${name}.json`);
  const saved = readKeypairFile(path);
  if (saved !== undefined) return { keypair: saved, path };
  const keypair = Keypair.generate();
  writeFileSync(path, JSON.stringify(Array.from(keypair.secretKey)), { mode: 0o600 });
  return { keypair, path };
}

/**
 * Writes `keypair` to `<dir>/<name>.json` (where services such as the signer read it), or checks
 * that the file already there holds the same key. A different key means the state directory was
 * made without this seed (or with another): its chain state names other accounts, so this refuses
 * instead of silently replacing a key something may already be configured with.
 */
export function adoptKeypair(dir: string, name: string, keypair: Keypair): { keypair: Keypair; path: string } {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${name}.json`);
  const saved = readKeypairFile(path);
  if (saved === undefined) {
    writeFileSync(path, JSON.stringify(Array.from(keypair.secretKey)), { mode: 0o600 });
  } else if (!saved.publicKey.equals(keypair.publicKey)) {
    throw new Error(
      `${path} holds ${saved.publicKey.toBase58()}, not the seeded ${keypair.publicKey.toBase58()}: use a fresh state directory for a seeded localnet`,
    );
  }
  return { keypair, path };
}

function readKeypairFile(path: string): Keypair | undefined {
  if (!existsSync(path)) return undefined;
  const raw: unknown = JSON.parse(readFileSync(path, 'utf8'));
  if (!Array.isArray(raw) || raw.length !== 64 || !raw.every((b) => Number.isInteger(b) && b >= 0 && b < 256)) {
    throw new Error(`${path} is not a Solana CLI keypair file`);
  }
  return Keypair.fromSecretKey(Uint8Array.from(raw as number[]));
}
