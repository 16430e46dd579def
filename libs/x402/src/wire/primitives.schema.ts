import { z } from 'zod';
import { normalizeNetworkAlias } from '../networks/network-resolver';
import { CAIP2_PATTERN, type Caip2Network } from '../networks/solana-networks.constants';

/** A non-empty string, as `@x402/core` requires for ids and addresses. */
export const NonEmptyStringSchema = z.string().min(1);

/** A free-form JSON object (`extra`, `extensions`, `payload`). */
export const JsonObjectSchema = z.record(z.string(), z.unknown());

/** `extra` is required in core's type but omitted or null by some producers: read those as `{}`. */
export const ExtraSchema = JsonObjectSchema.nullish().transform((v) => v ?? {});

/**
 * Optional objects that some producers send as null: read null as absent. The trailing
 * `.optional()` keeps the key optional in the inferred type (a bare transform would make it required).
 */
export const OptionalJsonObjectSchema = JsonObjectSchema.nullish()
  .transform((v) => v ?? undefined)
  .optional();

/** Optional text that some producers send as null: read null as absent. */
export const OptionalTextSchema = z
  .string()
  .nullish()
  .transform((v) => v ?? undefined)
  .optional();

/** A v2 network: CAIP-2, with the `solana:devnet` alias normalised to devnet's real id. */
export const NetworkSchema = z
  .string()
  .regex(CAIP2_PATTERN, 'network must be a CAIP-2 id')
  .transform((v) => normalizeNetworkAlias(v as Caip2Network));

/** A v1 network name (`solana`, `solana-devnet`, ...). */
export const NetworkV1Schema = NonEmptyStringSchema;
