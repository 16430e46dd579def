import * as z from 'zod/mini';

// zod/mini, not full zod: these run in the browser bundle (its budget has no room for full zod).
const Address = z.string().check(z.minLength(32), z.maxLength(44));

/**
 * The `extra` of the facilitator's `session` kind in `/supported` (docs/session-scheme.md, step 1).
 * Loose: a newer facilitator may add fields.
 */
export const SessionKindExtraSchema = z.looseObject({
  facilitatorAddress: Address,
  spender: Address,
  sessionsEndpoint: z.string().check(z.minLength(1)),
  decimals: z.number().check(z.int(), z.minimum(0), z.maximum(18)),
  settlementMode: z.optional(z.string()),
  mint: Address,
  teePublicKey: z.optional(z.string().check(z.regex(/^(0x)?[0-9a-fA-F]{130}$/))),
  incoTokenProgramId: Address,
  incoLightningProgramId: Address,
});
export type SessionKindExtra = z.infer<typeof SessionKindExtraSchema>;

/** The session kind the SDK pays with: the network it runs on and its parameters. */
export interface SessionKind {
  readonly network: string;
  readonly extra: SessionKindExtra;
}

/** The session the facilitator records and returns from `POST /sessions` and `GET /sessions/:id`. */
export const SessionRecordSchema = z.looseObject({
  sessionId: z.string().check(z.minLength(1)),
  user: z.string(),
  spender: z.string(),
  asset: z.string(),
  recipient: z.string(),
  cap: z.string(),
  spent: z.string(),
  expirationUnix: z.number(),
  network: z.string(),
  approveTxSignature: z.optional(z.string()),
  status: z.optional(z.string()),
});
export type SessionRecord = z.infer<typeof SessionRecordSchema>;
