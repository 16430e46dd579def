import { sha256 } from '@noble/hashes/sha2';

/** Anchor's 8-byte discriminator: sha256("<namespace>:<name>")[0..8] (namespace `global` or `account`). */
export function anchorDiscriminator(namespace: 'global' | 'account', name: string): Uint8Array {
  return sha256(new TextEncoder().encode(`${namespace}:${name}`)).slice(0, 8);
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
