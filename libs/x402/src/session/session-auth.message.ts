import bs58 from 'bs58';
import { z } from 'zod';
import { parseCanonicalJson } from './canonical-json.util';
import { buildSessionAuthMessage, canonicalAuthText } from './session-auth.text';
import { ed25519Sign, ed25519Verify, type Ed25519Verifier } from './ed25519.util';
import { Base58AddressSchema, PositiveU64StringSchema, U64StringSchema } from '../wire/wire-rules';

/**
 * The fields of the one message a user signs with the wallet to open a session.
 *
 * Canonical key order rule: the keys are in alphabetical order. The seed signs
 * `JSON.stringify({asset, cap, expirationUnix, network, nonce, recipient, spender, user})`; quietpay
 * keeps the rule and puts its own keys where they sort: `perCallLimit` between `nonce` and
 * `recipient`, `sessionPubkey` between `recipient` and `spender`. `network` is signed as sent (not
 * alias-normalised), since rewriting it would break the signature; the gateway compares it through
 * the network resolver.
 *
 * `perCallLimit` (decimal base units, "0" = no limit below the cap) is the largest single charge the
 * facilitator may take. The SDK always signs it. A message without the key (signed before it existed)
 * is still accepted and means "0": the signature covers the exact bytes, so the key cannot be
 * stripped from a message that had it, and "0" is precisely what such a signer authorised (the cap
 * stays the hard bound). Use {@link sessionAuthPerCallLimit} to read the effective value.
 */
export const SessionAuthFieldsSchema = z.strictObject({
  asset: Base58AddressSchema,
  cap: PositiveU64StringSchema,
  expirationUnix: z.number().int().positive(),
  network: z.string().min(1),
  nonce: z.string().min(1).max(128),
  perCallLimit: U64StringSchema.optional(),
  recipient: Base58AddressSchema,
  sessionPubkey: Base58AddressSchema,
  spender: Base58AddressSchema,
  user: Base58AddressSchema,
});
export type SessionAuthFields = z.infer<typeof SessionAuthFieldsSchema>;

/**
 * The seed's canonical text, shared by quietpay's message and the seed's own: `JSON.stringify` of
 * the schema's keys in their declared (alphabetical) order; an absent optional key is not written.
 */
export function authMessageText<Shape extends z.ZodRawShape>(schema: z.ZodObject<Shape>, fields: Readonly<Partial<Record<keyof Shape, unknown>>>): string {
  return canonicalAuthText(Object.keys(schema.shape), fields as Readonly<Record<string, unknown>>);
}

/** Whether `user` signed `text` (ed25519 over its UTF-8 bytes, base58 signature), as a wallet's `signMessage` does. */
export function verifyAuthMessageText(text: string, signatureBase58: string, user: string, verify: Ed25519Verifier): boolean {
  return verify(new TextEncoder().encode(text), signatureBase58, user);
}

/**
 * Parses a received auth message and insists it is byte-identical to its canonical form, so the
 * signed text and the values the facilitator acts on cannot differ (no duplicate keys, reordering, spaces).
 *
 * @example
 * const fields = parseSessionAuthMessage(body.authMessage); // undefined when not canonical
 */
export function parseSessionAuthMessage(message: string): SessionAuthFields | undefined {
  return parseCanonicalJson(message, SessionAuthFieldsSchema, buildSessionAuthMessage);
}

/**
 * The per-call limit the user signed, in base units; "0" (no limit below the cap) for a legacy
 * message without the key.
 *
 * @example
 * const limit = BigInt(sessionAuthPerCallLimit(fields)); // 0n = none
 */
export function sessionAuthPerCallLimit(fields: SessionAuthFields): string {
  return fields.perCallLimit ?? '0';
}

/**
 * Signs the auth message as a wallet's `signMessage` would (ed25519 over its UTF-8 bytes); base58 result.
 *
 * @example
 * const signature = signSessionAuthMessage(fields, userKeypair.secretKey);
 */
export function signSessionAuthMessage(fields: SessionAuthFields, userSecretKey: Uint8Array): string {
  return bs58.encode(ed25519Sign(new TextEncoder().encode(buildSessionAuthMessage(fields)), userSecretKey));
}

/**
 * Verifies the user's wallet signature over the canonical message; the signer must be `fields.user`.
 *
 * @example
 * if (!verifySessionAuthMessage(fields, body.signature)) reject('bad_auth_signature');
 */
export function verifySessionAuthMessage(fields: SessionAuthFields, signatureBase58: string, verify: Ed25519Verifier = ed25519Verify): boolean {
  return verifyAuthMessageText(buildSessionAuthMessage(fields), signatureBase58, fields.user, verify);
}
