import { Base58AddressSchema, Base58SignatureSchema, SessionCloseReasonSchema, U64StringSchema } from '@quietpay/x402';
import { z } from 'zod';

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
// A Solana transaction is at most 1232 bytes on the wire.
const MAX_TX_BYTES = 1232;

/**
 * `POST /sessions`. Strict: every field is bound into what the ledger checks, so an unknown one is
 * a client mistake rather than something to carry along.
 */
export const OpenSessionBodySchema = z.strictObject({
  approveTx: z
    .string()
    .min(4)
    .max(Math.ceil(MAX_TX_BYTES / 3) * 4)
    .regex(BASE64, 'must be standard base64 of the wire transaction'),
  authMessage: z.string().min(2).max(4096),
  authSignature: Base58SignatureSchema,
  user: Base58AddressSchema,
  sessionPublicKey: Base58AddressSchema,
  nonce: z.string().min(1).max(128),
  // An unsigned copy of the auth message's perCallLimit, for clients that send terms alongside it;
  // it must equal the signed value (the ledger only ever uses the signed one).
  perCallLimit: U64StringSchema.optional(),
});
export type OpenSessionBody = z.output<typeof OpenSessionBodySchema>;

/** Session ids as the ledger issues them; anything else cannot name a session. */
export const SessionIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,128}$/, 'not a session id');

/**
 * `DELETE /sessions/:id`: proof of the session key. `signature` is the key's base58 ed25519
 * signature over the session close message (libs/x402 `sessionCloseSigningBytes`: reason,
 * sessionId, timestampUnix), `timestampUnix` within the facilitator's window. `reason` defaults to
 * "user_closed" and is signed as used. The proof fields are optional here so that their absence is
 * answered 401 (not authorised) rather than 400.
 */
export const CloseSessionBodySchema = z.strictObject({
  reason: SessionCloseReasonSchema.optional(),
  timestampUnix: z
    .number()
    .int()
    .positive()
    .max(2 ** 32 - 1)
    .optional(),
  signature: z.string().max(128).optional(),
});
export type CloseSessionBody = z.output<typeof CloseSessionBodySchema>;
