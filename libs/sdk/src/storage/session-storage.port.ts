import { isBase58Address, isPositiveU64Decimal, isU64Decimal } from '@quietpay/x402';
import * as z from 'zod/mini';

// zod/mini with x402's wire predicates (the rules of Base58AddressSchema, PositiveU64StringSchema,
// U64StringSchema), not full zod: storage is read in the browser bundle.
const Base58AddressSchema = z.string().check(z.refine(isBase58Address, 'must be a base58 address of 32 bytes'));
const PositiveU64StringSchema = z.string().check(z.refine(isPositiveU64Decimal, 'must be a positive u64 in decimal'));
const U64StringSchema = z.string().check(z.refine(isU64Decimal, 'must be a u64 in decimal'));

/**
 * What the SDK keeps to pay with a session after a restart or a page reload. `sessionSecretKey`
 * is the session's ed25519 key (base64 of 64 bytes): it can spend up to the cap until expiry,
 * so store it as you would a short-lived API key.
 */
export const StoredSessionSchema = z.object({
  sessionId: z.string().check(z.minLength(1)),
  facilitatorUrl: z.string().check(z.minLength(1)),
  sessionsEndpoint: z.string().check(z.minLength(1)),
  sessionSecretKey: z.string().check(z.minLength(1)),
  sessionPublicKey: Base58AddressSchema,
  user: Base58AddressSchema,
  recipient: Base58AddressSchema,
  asset: Base58AddressSchema,
  network: z.string().check(z.minLength(1)),
  cap: PositiveU64StringSchema,
  expirationUnix: z.number().check(z.int()),
  perCallLimit: z.optional(U64StringSchema),
});
export type StoredSession = z.infer<typeof StoredSessionSchema>;

/**
 * Where session keys live between runs. Implementations: `memorySessionStorage()` (default),
 * `fileSessionStorage(path)` (Node), `localSessionStorage()` (browsers).
 *
 * @example
 * const storage: SessionStorage = {
 *   get: async (id) => cache.get(id), set: async (s) => void cache.set(s.sessionId, s), delete: async (id) => void cache.delete(id),
 * };
 */
export interface SessionStorage {
  get(sessionId: string): Promise<StoredSession | undefined>;
  set(session: StoredSession): Promise<void>;
  delete(sessionId: string): Promise<void>;
}

/** Parses what a storage read back; a corrupt or foreign entry counts as absent. */
export function parseStoredSession(value: unknown): StoredSession | undefined {
  const parsed = StoredSessionSchema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}
