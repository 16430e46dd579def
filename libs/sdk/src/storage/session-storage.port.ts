import { Base58AddressSchema, PositiveU64StringSchema, U64StringSchema } from '@quietpay/x402';
import { z } from 'zod';

/**
 * What the SDK keeps to pay with a session after a restart or a page reload. `sessionSecretKey`
 * is the session's ed25519 key (base64 of 64 bytes): it can spend up to the cap until expiry,
 * so store it as you would a short-lived API key.
 */
export const StoredSessionSchema = z.object({
  sessionId: z.string().min(1),
  facilitatorUrl: z.string().min(1),
  sessionsEndpoint: z.string().min(1),
  sessionSecretKey: z.string().min(1),
  sessionPublicKey: Base58AddressSchema,
  user: Base58AddressSchema,
  recipient: Base58AddressSchema,
  asset: Base58AddressSchema,
  network: z.string().min(1),
  cap: PositiveU64StringSchema,
  expirationUnix: z.number().int(),
  perCallLimit: U64StringSchema.optional(),
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
