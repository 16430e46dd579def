import { z } from 'zod';

// Value shapes several services' config schemas share, so each variable of one kind is read the
// same way everywhere.

/** A positive integer from the environment (a count, a duration in ms or s), with a default. */
export function positiveInt(fallback: number) {
  return z.coerce.number().int().positive().default(fallback);
}

/**
 * A comma-separated list: entries trimmed, empty ones dropped, each checked by `item`
 * (`PRIVATE_MINTS=mintA, mintB`). At least `min` entries.
 *
 * @example
 * PRIVATE_MINTS: commaList(Base58AddressSchema, 1).optional()
 */
export function commaList(item: z.ZodType<string, string>, min = 0) {
  return z
    .string()
    .transform((raw) =>
      raw
        .split(',')
        .map((entry) => entry.trim())
        .filter((entry) => entry.length > 0),
    )
    .pipe(z.array(item).min(min));
}
