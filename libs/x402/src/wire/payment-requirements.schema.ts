import { z } from 'zod';
import { ExtraSchema, NetworkSchema, NonEmptyStringSchema } from './primitives.schema';
import { AtomicAmountSchema } from './wire-rules';

/**
 * The resource being paid for. Unknown keys are kept so a payload that echoes it re-encodes unchanged.
 *
 * @example
 * ResourceInfoSchema.parse({ url: 'https://api.example/data' });
 */
export const ResourceInfoSchema = z.looseObject({
  url: NonEmptyStringSchema,
  description: z.string().optional(),
  mimeType: z.string().optional(),
  serviceName: z.string().optional(),
  tags: z.array(z.string()).optional(),
  iconUrl: z.string().optional(),
});
export type ResourceInfo = z.infer<typeof ResourceInfoSchema>;

/**
 * One way to pay (v2): `accepts[]` entries and the `accepted` echo in a payload.
 *
 * @example
 * PaymentRequirementsSchema.parse({ scheme: 'session', network: 'solana:devnet', asset: MINT,
 *   amount: '1000', payTo: WALLET, maxTimeoutSeconds: 60, extra: {} }).network; // devnet CAIP-2 id
 */
export const PaymentRequirementsSchema = z.looseObject({
  scheme: NonEmptyStringSchema,
  network: NetworkSchema,
  asset: NonEmptyStringSchema,
  amount: AtomicAmountSchema,
  payTo: NonEmptyStringSchema,
  maxTimeoutSeconds: z.number().int().positive(),
  extra: ExtraSchema,
});
export type PaymentRequirements = z.infer<typeof PaymentRequirementsSchema>;
