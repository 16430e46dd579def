/**
 * The covalidator's decrypt attestation, as `@inco/solana-sdk` builds its Ed25519 instruction:
 * ed25519 over sha256(ascii(lowercase hex of the handle, no 0x, no padding) ‖ plaintext as u128 LE).
 */
import { ed25519 } from '@noble/curves/ed25519';
import { sha256 } from '@noble/hashes/sha2';
import { u128ToLe } from './borsh.codec';

export function attestationMessage(handle: bigint, plaintext: bigint): Uint8Array {
  const hexAscii = new TextEncoder().encode(handle.toString(16));
  const body = new Uint8Array(hexAscii.length + 16);
  body.set(hexAscii, 0);
  body.set(u128ToLe(plaintext), hexAscii.length);
  return sha256(body);
}

export function signAttestation(secretSeed: Uint8Array, handle: bigint, plaintext: bigint): Uint8Array {
  return ed25519.sign(attestationMessage(handle, plaintext), secretSeed);
}

export function verifyAttestation(publicKey: Uint8Array, handle: bigint, plaintext: bigint, signature: Uint8Array): boolean {
  try {
    return ed25519.verify(signature, attestationMessage(handle, plaintext), publicKey);
  } catch {
    return false;
  }
}
