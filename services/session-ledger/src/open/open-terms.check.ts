import type { LedgerErrorCode, OpenSessionRequest } from '@quietpay/contracts';
import { nativeEd25519 } from '@quietpay/platform';
import {
  parseLegacySessionAuthMessage,
  parseSessionAuthMessage,
  sessionAuthPerCallLimit,
  verifyLegacySessionAuthMessage,
  verifySessionAuthMessage,
  type SessionAuthFields,
} from '@quietpay/x402';
import { MAX_EXACT_AMOUNT } from '../ledger/ledger.repository';

/** What this facilitator accepts when a session opens (from config). */
export interface OpenPolicy {
  readonly facilitator: string;
  readonly mint: string;
  readonly servedNetwork: string;
  readonly normaliseNetwork: (input: string) => string | undefined;
  readonly maxSessionSeconds: number;
  /** Legacy mode: seed-shaped opens (LEGACY_UNSIGNED_PAYLOADS). */
  readonly legacySessions: boolean;
  /** The largest facilitator→user SOL top-up a legacy approve may carry. */
  readonly maxLegacyTopUpLamports: bigint;
}

export type OpenTermsCheck =
  | { readonly ok: true; readonly fields: SessionAuthFields; readonly network: string; readonly perCallLimit: string }
  | { readonly ok: false; readonly code: LedgerErrorCode; readonly message: string };

const fail = (code: LedgerErrorCode, message: string): OpenTermsCheck => ({ ok: false, code, message });

/**
 * Pure checks of a session-open request: the auth message is canonical and signed by `user`,
 * the request repeats exactly the signed terms, and the terms are ones this facilitator serves.
 * The signed message is the authority; the request's copies must agree with it. The per-call
 * limit comes only from the signed message (a legacy message without one means "0"); the request's
 * `terms.perCallLimit` is an unsigned copy that must equal it.
 */
export function checkOpenTerms(request: OpenSessionRequest, policy: OpenPolicy, nowUnix: number): OpenTermsCheck {
  if (request.legacy && !policy.legacySessions) return fail('legacy_sessions_disabled', 'seed-shaped (legacy) sessions are disabled on this facilitator');
  const fields = request.legacy ? legacyFields(request) : parseSessionAuthMessage(request.authMessage);
  if (fields === 'session_key') return fail('invalid_payload', 'a legacy open carries no session key');
  if (!fields) return fail('invalid_payload', 'auth message is not in canonical form');
  const verify = request.legacy ? verifyLegacySessionAuthMessage : verifySessionAuthMessage;
  if (!verify(fields, request.authSignature, nativeEd25519.verify)) return fail('bad_auth_signature', 'auth message not signed by user');
  const terms = request.terms;
  const agrees =
    terms !== undefined &&
    fields.user === request.user &&
    fields.sessionPubkey === request.sessionPublicKey &&
    fields.nonce === request.nonce &&
    fields.cap === terms.cap &&
    fields.expirationUnix === terms.expirationUnix &&
    fields.asset === terms.asset &&
    fields.recipient === terms.recipient &&
    fields.network === terms.network &&
    normaliseU64(terms.perCallLimit) === sessionAuthPerCallLimit(fields);
  if (!agrees) return fail('terms_mismatch', 'request differs from the signed auth message');
  const network = policy.normaliseNetwork(fields.network);
  if (network !== policy.servedNetwork) return fail('invalid_network', `network ${fields.network} is not served here`);
  if (fields.expirationUnix <= nowUnix) return fail('session_expired', 'expiry is not in the future');
  if (fields.expirationUnix - nowUnix > policy.maxSessionSeconds) return fail('expiry_too_far', `sessions last at most ${policy.maxSessionSeconds} s`);
  // Lua compares amounts as doubles: caps above 2^53-1 would not be exact.
  if (BigInt(fields.cap) > MAX_EXACT_AMOUNT) return fail('cap_too_large', 'cap above 2^53-1 base units');
  const perCallLimit = sessionAuthPerCallLimit(fields);
  if (BigInt(perCallLimit) > MAX_EXACT_AMOUNT) return fail('per_call_limit_too_large', 'perCallLimit above 2^53-1 base units');
  if (fields.spender !== policy.facilitator) return fail('spender_mismatch', 'spender is not this facilitator');
  if (fields.asset !== policy.mint) return fail('asset_mismatch', 'asset is not the configured mint');
  return { ok: true, fields, network, perCallLimit };
}

/**
 * The seed's auth message binds no session key and no per-call limit: read as quietpay's fields
 * with an empty session key and a "0" limit (none below the cap), which is exactly what the seed
 * user signed. A legacy request that names a session key is confused and refused.
 */
function legacyFields(request: OpenSessionRequest): SessionAuthFields | undefined | 'session_key' {
  if (request.sessionPublicKey !== '') return 'session_key';
  const legacy = parseLegacySessionAuthMessage(request.authMessage);
  return legacy ? { ...legacy, sessionPubkey: '', perCallLimit: '0' } : undefined;
}

// proto3 reads an unset uint64 as "0" but a hand-built request may carry ""; both mean no limit.
function normaliseU64(value: string | undefined): string {
  return value === undefined || value === '' ? '0' : value;
}
