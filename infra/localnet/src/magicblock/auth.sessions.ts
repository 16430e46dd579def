import { randomBytes } from 'node:crypto';
import bs58 from 'bs58';
import nacl from 'tweetnacl';
import type { PublicKey } from '@solana/web3.js';
import { PaymentsApiError } from './payments-api.errors';

/** Bound on outstanding challenges and tokens so an unauthenticated flood cannot grow memory. */
const MAX_ENTRIES = 10_000;

function decodeSignature(signature: string): Uint8Array | null {
  try {
    const raw = bs58.decode(signature);
    if (raw.length === nacl.sign.signatureLength) return raw;
  } catch {
    // not base58: try base64 below
  }
  const b64 = Buffer.from(signature, 'base64');
  return b64.length === nacl.sign.signatureLength ? b64 : null;
}

/**
 * Challenge/response login for the balance routes: the wallet signs the challenge text (ed25519,
 * base58 or base64 signature) and gets a bearer token. Challenges are single-use.
 */
export class AuthSessions {
  private readonly challenges = new Map<string, { expiresAtMs: number; pubkey: string | undefined }>();
  private readonly tokens = new Map<string, { pubkey: PublicKey; expiresAtMs: number }>();

  constructor(
    private readonly challengeTtlMs: number,
    private readonly tokenTtlMs: number,
    private readonly nowMs: () => number = Date.now,
  ) {}

  issueChallenge(pubkey: PublicKey | undefined): { challenge: string; expiresAt: number } {
    this.evict(this.challenges);
    if (this.challenges.size >= MAX_ENTRIES) throw new PaymentsApiError(429, 'rate_limited', 'too many open challenges');
    const challenge = `quietpay-localnet-login:${randomBytes(24).toString('hex')}`;
    const expiresAt = this.nowMs() + this.challengeTtlMs;
    this.challenges.set(challenge, { expiresAtMs: expiresAt, pubkey: pubkey?.toBase58() });
    return { challenge, expiresAt };
  }

  login(pubkey: PublicKey, challenge: string, signature: string): { token: string; expiresAt: number } {
    const pending = this.challenges.get(challenge);
    this.challenges.delete(challenge);
    if (!pending || pending.expiresAtMs <= this.nowMs()) {
      throw new PaymentsApiError(401, 'unauthorized', 'unknown or expired challenge');
    }
    if (pending.pubkey !== undefined && pending.pubkey !== pubkey.toBase58()) {
      throw new PaymentsApiError(401, 'unauthorized', 'challenge was issued to another wallet');
    }
    const sig = decodeSignature(signature);
    if (!sig || !nacl.sign.detached.verify(Buffer.from(challenge, 'utf8'), sig, pubkey.toBytes())) {
      throw new PaymentsApiError(401, 'invalid_signature', 'signature does not verify for this pubkey');
    }
    this.evict(this.tokens);
    if (this.tokens.size >= MAX_ENTRIES) throw new PaymentsApiError(429, 'rate_limited', 'too many sessions');
    const token = randomBytes(32).toString('base64url');
    const expiresAt = this.nowMs() + this.tokenTtlMs;
    this.tokens.set(token, { pubkey, expiresAtMs: expiresAt });
    return { token, expiresAt };
  }

  /** The wallet behind an `Authorization: Bearer <token>` header. */
  authenticate(header: string | undefined): PublicKey {
    const match = /^Bearer ([A-Za-z0-9_-]{16,128})$/.exec(header ?? '');
    const session = match?.[1] ? this.tokens.get(match[1]) : undefined;
    if (!session || session.expiresAtMs <= this.nowMs()) {
      throw new PaymentsApiError(401, 'unauthorized', 'missing, unknown or expired bearer token');
    }
    return session.pubkey;
  }

  private evict(map: Map<string, { expiresAtMs: number }>): void {
    const now = this.nowMs();
    for (const [key, value] of map) if (value.expiresAtMs <= now) map.delete(key);
  }
}
