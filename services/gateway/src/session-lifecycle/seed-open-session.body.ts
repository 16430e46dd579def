import { Base58AddressSchema } from '@quietpay/x402';
import { z } from 'zod';

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const base64 = (maxBytes: number) =>
  z
    .string()
    .min(4)
    .max(Math.ceil(maxBytes / 3) * 4)
    .regex(BASE64, 'must be standard base64');

/**
 * `POST /sessions` as the seed's SDK (solana-x402-sessions `createSession`) sends it: the auth
 * message and its signature in base64, the approve as `approveTxBase64`, and unsigned copies of the
 * terms. Unknown keys are dropped rather than refused: nothing unsigned is acted on, and the seed
 * may add fields. Only the signed message is the authority; the copies must agree with it.
 */
export const SeedOpenSessionBodySchema = z.object({
  approveTxBase64: base64(1232),
  authMessage: base64(4096),
  authSignature: base64(64),
  user: Base58AddressSchema,
  asset: Base58AddressSchema.optional(),
  recipient: Base58AddressSchema.optional(),
  cap: z.string().max(40).optional(),
  expirationUnix: z.number().int().positive().optional(),
  network: z.string().max(128).optional(),
  // The seed's client sends it; the facilitator's own confirmed signature replaces it.
  approveTxSignature: z.string().max(128).optional(),
});
export type SeedOpenSessionBody = z.output<typeof SeedOpenSessionBodySchema>;

/** The seed's body is the one with `approveTxBase64` (quietpay's names it `approveTx`). */
export function isSeedShapedOpen(body: unknown): boolean {
  return typeof body === 'object' && body !== null && 'approveTxBase64' in body;
}
