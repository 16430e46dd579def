import type { SessionAuthFields } from './session-auth.message';

/*
 * The auth message text without zod: the browser SDK builds it when opening a session, and its
 * bundle budget has no room for zod. The key list is the schema's (session-auth.message.ts); its
 * spec checks the two stay the same.
 */

/** The auth message's keys in their canonical (alphabetical) order. */
export const SESSION_AUTH_KEYS = [
  'asset',
  'cap',
  'expirationUnix',
  'network',
  'nonce',
  'perCallLimit',
  'recipient',
  'sessionPubkey',
  'spender',
  'user',
] as const satisfies readonly (keyof SessionAuthFields)[];

/**
 * The seed's canonical text, shared by quietpay's message and the seed's own: `JSON.stringify` of
 * the keys in their declared (alphabetical) order; an absent optional key is not written.
 */
export function canonicalAuthText(keys: readonly string[], fields: Readonly<Record<string, unknown>>): string {
  return JSON.stringify(Object.fromEntries(keys.map((key) => [key, fields[key]])));
}

/**
 * The canonical auth message text. `perCallLimit` is written when present (even "0"); without it the
 * text is the pre-limit form, which only a legacy signer produces.
 *
 * @example
 * buildSessionAuthMessage(fields);
 * // '{"asset":"7crF…","cap":"5000000","expirationUnix":1767225600,"network":"solana:EtWT…","nonce":"n1",
 * //   "perCallLimit":"200000","recipient":"…","sessionPubkey":"…","spender":"…","user":"…"}'
 */
export function buildSessionAuthMessage(fields: SessionAuthFields): string {
  return canonicalAuthText(SESSION_AUTH_KEYS, fields);
}
