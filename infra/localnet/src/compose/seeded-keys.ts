/**
 * Deterministic dev keys for the localnet. Without a seed every key (dev wallets, the USDC mint,
 * the Inco mint and its authority, the covalidator's TEE and attestation keys) is random per state
 * directory, so a deployment cannot name the mints or the facilitator ahead of time. With a seed,
 * each key is derived from it, and k8s/overlays/local and docker-compose.yml can carry the
 * resulting addresses (tests/deploy recomputes them and fails on drift).
 *
 * LOCAL DEVELOPMENT ONLY: the seed is the key. It is committed in the repository, so every key
 * derived from it is public; never fund or trust these keys on any other chain.
 */
import { createHash } from 'node:crypto';
import { Keypair } from '@solana/web3.js';
import { secp256k1 } from '@noble/curves/secp256k1';
import { WALLET_ROLES, type WalletRole } from './dev-wallets';

/** Domain tag, so a seed reused elsewhere does not yield the same keys as here. */
const DOMAIN = 'quietpay-localnet-dev-key';

/**
 * 32 bytes for one role: sha256(DOMAIN ‖ 0x00 ‖ seed ‖ 0x00 ‖ role). The separators keep
 * ("a", "bc") and ("ab", "c") apart.
 *
 * @example
 * const facilitator = Keypair.fromSeed(seededBytes('my-dev-seed', 'wallet:facilitator'));
 */
export function seededBytes(seed: string, role: string): Uint8Array {
  return new Uint8Array(createHash('sha256').update(`${DOMAIN}\0${seed}\0${role}`, 'utf8').digest());
}

/** The ed25519 keypair whose 32-byte seed is `seededBytes(seed, role)`. */
export function seededKeypair(seed: string, role: string): Keypair {
  return Keypair.fromSeed(seededBytes(seed, role));
}

export interface SeededLocalnetKeys {
  /** One per WALLET_ROLES entry (role `wallet:<name>`). */
  wallets: Record<WalletRole, Keypair>;
  /** The SPL "USDC" mint (role `mint:usdc`). */
  usdcMint: Keypair;
  inco: {
    /** The IncoToken mint (role `inco:mint`) and its authority (role `inco:mint-authority`). */
    mint: Keypair;
    mintAuthority: Keypair;
    /** secp256k1 scalar (role `inco:tee`): what ECIES inputs are encrypted to. */
    teePrivateKey: Uint8Array;
    /** ed25519 seed (role `inco:attestation`) of the key that signs decrypt answers. */
    attestationSeed: Uint8Array;
  };
}

/**
 * Every key the localnet needs, derived from `seed`.
 *
 * @example
 * const keys = deriveLocalnetKeys('quietpay-local-dev');
 * keys.wallets.facilitator.publicKey.toBase58();
 */
export function deriveLocalnetKeys(seed: string): SeededLocalnetKeys {
  if (seed.length === 0) throw new Error('localnet seed must not be empty');
  const wallets = Object.fromEntries(WALLET_ROLES.map((role) => [role, seededKeypair(seed, `wallet:${role}`)])) as Record<WalletRole, Keypair>;
  const teePrivateKey = seededBytes(seed, 'inco:tee');
  // A sha256 output is outside (0, n) with probability ~2^-128; refuse rather than reduce, so the
  // formula stays the one documented above.
  if (!secp256k1.utils.isValidPrivateKey(teePrivateKey)) throw new Error('localnet seed yields an invalid secp256k1 key: pick another seed');
  return {
    wallets,
    usdcMint: seededKeypair(seed, 'mint:usdc'),
    inco: {
      mint: seededKeypair(seed, 'inco:mint'),
      mintAuthority: seededKeypair(seed, 'inco:mint-authority'),
      teePrivateKey,
      attestationSeed: seededBytes(seed, 'inco:attestation'),
    },
  };
}
