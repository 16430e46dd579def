import type { z } from 'zod';
import { parseCanonicalJson } from './canonical-json.util';
import { ed25519Verify, type Ed25519Verifier } from './ed25519.util';
import { authMessageText, SessionAuthFieldsSchema, verifyAuthMessageText } from './session-auth.message';

/**
 * The auth message of the seed (solana-x402-sessions): `JSON.stringify({asset, cap, expirationUnix,
 * network, nonce, recipient, spender, user})` in that key order, i.e. quietpay's message without its
 * two keys. It binds no session key and no per-call limit, so a session opened with it can only be
 * paid with the seed's unsigned payloads (legacy mode; docs/migrating.md says what that costs).
 */
export const LegacySessionAuthFieldsSchema = SessionAuthFieldsSchema.omit({ perCallLimit: true, sessionPubkey: true });
export type LegacySessionAuthFields = z.infer<typeof LegacySessionAuthFieldsSchema>;

/**
 * The canonical text of the seed's auth message.
 *
 * @example
 * buildLegacySessionAuthMessage(fields);
 * // '{"asset":"7crF…","cap":"1000000","expirationUnix":1767225600,"network":"solana:devnet","nonce":"n1","recipient":"…","spender":"…","user":"…"}'
 */
export function buildLegacySessionAuthMessage(fields: LegacySessionAuthFields): string {
  return authMessageText(LegacySessionAuthFieldsSchema, fields);
}

/**
 * Parses the seed's auth message and insists it is byte-identical to its canonical form (so the
 * signed text and the values acted on cannot differ).
 *
 * @example
 * const fields = parseLegacySessionAuthMessage(Buffer.from(body.authMessage, 'base64').toString('utf8'));
 */
export function parseLegacySessionAuthMessage(message: string): LegacySessionAuthFields | undefined {
  return parseCanonicalJson(message, LegacySessionAuthFieldsSchema, buildLegacySessionAuthMessage);
}

/**
 * Verifies the user's wallet signature (base58) over the seed's canonical message.
 *
 * @example
 * if (!verifyLegacySessionAuthMessage(fields, bs58.encode(Buffer.from(body.authSignature, 'base64')))) reject();
 */
export function verifyLegacySessionAuthMessage(fields: LegacySessionAuthFields, signatureBase58: string, verify: Ed25519Verifier = ed25519Verify): boolean {
  return verifyAuthMessageText(buildLegacySessionAuthMessage(fields), signatureBase58, fields.user, verify);
}
