/**
 * The covalidator's attested decrypt, as `@inco/solana-sdk` 0.0.2 calls it: `{handle, address,
 * signature}` where handle is the decimal u128 string and signature is base58 of the caller's
 * ed25519 signature over the UTF-8 handle string. The caller must hold an allowance PDA
 * [handle LE, address] under Inco Lightning. Failures are plain-text messages with a status.
 */
import { ed25519 } from '@noble/curves/ed25519';
import { PublicKey } from '@solana/web3.js';
import bs58 from 'bs58';
import type { EmulatedAccount } from '../emulation/types';
import { bytesEqual } from './anchor-discriminator.util';
import { isU128 } from './borsh.codec';
import { signAttestation } from './attestation.crypto';
import type { HandleStore } from './handle.store';
import { ALLOWANCE_DISCRIMINATOR } from './inco-token.discriminators';
import { allowanceAddress } from './inco-pda.util';

export interface AttestedDecryptDeps {
  handles: HandleStore;
  attestationSeed: () => Uint8Array;
  lightningProgramId: PublicKey;
  getAccount(address: PublicKey): EmulatedAccount | null;
}

export type DecryptOutcome =
  { ok: true; body: { plaintext: string; signature: string; handle_value: string } } | { ok: false; status: number; message: string };

const fail = (status: number, message: string): DecryptOutcome => ({ ok: false, status, message });

function parseAddress(value: unknown): PublicKey | null {
  if (typeof value !== 'string') return null;
  try {
    const bytes = bs58.decode(value);
    return bytes.length === 32 ? new PublicKey(bytes) : null;
  } catch {
    return null;
  }
}

function parseSignature(value: unknown): Uint8Array | null {
  if (typeof value !== 'string') return null;
  try {
    const bytes = bs58.decode(value);
    return bytes.length === 64 ? bytes : null;
  } catch {
    return null;
  }
}

export function hasAllowance(deps: AttestedDecryptDeps, handle: bigint, address: PublicKey): boolean {
  const [pda] = allowanceAddress(handle, address, deps.lightningProgramId);
  const account = deps.getAccount(pda);
  return (
    account !== null &&
    account.owner.equals(deps.lightningProgramId) &&
    account.data.length >= 9 &&
    bytesEqual(account.data.subarray(0, 8), ALLOWANCE_DISCRIMINATOR) &&
    account.data[8] === 1
  );
}

export function attestedDecrypt(body: unknown, deps: AttestedDecryptDeps): DecryptOutcome {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return fail(400, 'Invalid request body');
  const { handle, address, signature } = body as Record<string, unknown>;
  // Decimal only: the real covalidator rejects hex handles, and so must we for clients to notice.
  if (typeof handle !== 'string' || !/^\d{1,39}$/.test(handle) || !isU128(BigInt(handle))) {
    return fail(400, 'Invalid handle: expected a decimal u128 string');
  }
  const caller = parseAddress(address);
  if (!caller) return fail(400, 'Invalid address');
  const sig = parseSignature(signature);
  if (!sig) return fail(400, 'Invalid signature encoding');
  if (!ed25519.verify(sig, new TextEncoder().encode(handle), caller.toBytes())) return fail(401, 'Invalid signature');

  const h = BigInt(handle);
  if (!hasAllowance(deps, h, caller)) return fail(403, 'Address is not allowed to decrypt this handle');
  const value = deps.handles.get(h);
  if (value === undefined) return fail(404, 'Handle not found');
  const attestation = signAttestation(deps.attestationSeed(), h, value);
  return { ok: true, body: { plaintext: value.toString(), signature: bs58.encode(attestation), handle_value: h.toString() } };
}
