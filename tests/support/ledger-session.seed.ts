import { randomUUID } from 'node:crypto';
import bs58 from 'bs58';
import type { Redis } from 'ioredis';
import nacl from 'tweetnacl';

/** What a seeded session is bound to; every other field takes an active session's defaults. */
export interface SeededSessionTerms {
  readonly network: string;
  readonly spender: string;
  readonly asset: string;
  readonly recipient: string;
  readonly cap: string;
  /** Default: an hour from now (local clock). */
  readonly expirationUnix?: number;
  /** Default: now (local clock). */
  readonly createdAtMs?: number;
}

export interface SeededSession {
  readonly sessionId: string;
  /** The session key: the caller signs payments (and closes) with it. */
  readonly key: nacl.SignKeyPair;
}

/**
 * An active session written straight into session-ledger's Redis layout under `prefix` (its
 * LEDGER_KEY_PREFIX; docs/session-scheme.md "Redis keys"), as session.open would leave it, for
 * tests that run a ledger without a chain. `overrides` replaces hash fields as they are stored
 * (e.g. `status`). The caller deletes `${prefix}*` afterwards.
 *
 * @example
 * const { sessionId, key } = await seedLedgerSession(redis, PREFIX, { network, spender, asset, recipient, cap: '1000000' });
 */
export async function seedLedgerSession(
  redis: Redis,
  prefix: string,
  terms: SeededSessionTerms,
  overrides: Readonly<Record<string, string>> = {},
): Promise<SeededSession> {
  const sessionId = `sess_${randomUUID()}`;
  const key = nacl.sign.keyPair();
  await redis.hset(`${prefix}s:{${sessionId}}`, {
    sessionId,
    user: bs58.encode(nacl.sign.keyPair().publicKey),
    spender: terms.spender,
    asset: terms.asset,
    recipient: terms.recipient,
    network: terms.network,
    cap: terms.cap,
    spent: '0',
    perCallLimit: '0',
    expirationUnix: String(terms.expirationUnix ?? Math.floor(Date.now() / 1000) + 3600),
    sessionPubkey: bs58.encode(key.publicKey),
    sourceAccount: 'Src111111111111111111111111111111111111111',
    approveTxSignature: 'approve-sig',
    status: 'active',
    createdAtMs: String(terms.createdAtMs ?? Date.now()),
    ...overrides,
  });
  return { sessionId, key };
}
