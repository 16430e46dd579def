import type { z } from 'zod';
import { ApiError } from './api-error';
import type { ApiErrorCode } from './api-error-code';

/** Describes zod issues compactly for a 400 message (paths and reasons, never the values). */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.join('.') || '(body)'}: ${issue.message}`)
    .join('; ');
}

/**
 * Validates a request part with a schema or throws a 400 `{error: code, message}`.
 *
 * @example
 * const body = parseOr400(OpenSessionBodySchema, req.body);
 */
export function parseOr400<S extends z.ZodType>(schema: S, input: unknown, code: ApiErrorCode = 'invalid_request'): z.output<S> {
  if (input === undefined) throw new ApiError(code, 'request body must be a JSON object (Content-Type: application/json)');
  let parsed: z.ZodSafeParseResult<z.output<S>>;
  try {
    parsed = schema.safeParse(input) as z.ZodSafeParseResult<z.output<S>>;
  } catch {
    // A refinement or transform that throws on input its checks already refused is still bad input.
    throw new ApiError(code, 'request is malformed');
  }
  if (!parsed.success) throw new ApiError(code, describeIssues(parsed.error));
  return parsed.data;
}
