import type { z } from 'zod';

/**
 * Parses a signed JSON message and insists it is byte-identical to its canonical form (`build` of
 * what was parsed), so the signed text and the values acted on cannot differ (no duplicate keys,
 * reordering or spaces). Undefined when not JSON, not the schema, or not canonical.
 */
export function parseCanonicalJson<S extends z.ZodType>(message: string, schema: S, build: (fields: z.output<S>) => string): z.output<S> | undefined {
  let json: unknown;
  try {
    json = JSON.parse(message);
  } catch {
    return undefined;
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) return undefined;
  const fields = parsed.data as z.output<S>;
  return build(fields) === message ? fields : undefined;
}
