import { z } from 'zod';

const Address = z.string().min(32).max(44);

/**
 * The `extra` of the facilitator's `session` kind in `/supported` (docs/session-scheme.md, step 1).
 * Loose: a newer facilitator may add fields.
 */
export const SessionKindExtraSchema = z.looseObject({
  facilitatorAddress: Address,
  spender: Address,
  sessionsEndpoint: z.string().min(1),
  decimals: z.number().int().min(0).max(18),
  settlementMode: z.string().optional(),
  mint: Address,
  teePublicKey: z
    .string()
    .regex(/^(0x)?[0-9a-fA-F]{130}$/)
    .optional(),
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
  sessionId: z.string().min(1),
  user: z.string(),
  spender: z.string(),
  asset: z.string(),
  recipient: z.string(),
  cap: z.string(),
  spent: z.string(),
  expirationUnix: z.number(),
  network: z.string(),
  approveTxSignature: z.string().optional(),
  status: z.string().optional(),
});
export type SessionRecord = z.infer<typeof SessionRecordSchema>;
