import { z } from 'zod';
import { QuietpayError } from '../errors/quietpay-error';
import { fromWireError, toWireError, WireError, wireErrorSchema } from '../errors/wire-error';

/**
 * Every command reply is `oneof result { <Ok> ok = 1; quietpay.common.v1.Error error = 2; }`,
 * so on the wire a failure is uniformly `{ "error": WireError }` whatever the contract. The
 * platform relies on that to answer failures (invalid payload, thrown QuietpayError) for
 * any contract and to turn them back into QuietpayError on the caller's side.
 */
export interface ErrorReplyJson {
  readonly error: WireError;
}

const errorReplySchema = z.object({ error: wireErrorSchema });

export function errorReplyJson(error: QuietpayError): ErrorReplyJson {
  return { error: toWireError(error) };
}

/** The QuietpayError in a reply's error arm, or undefined for a success reply. */
export function errorFromReplyJson(json: unknown): QuietpayError | undefined {
  if (typeof json !== 'object' || json === null || !('error' in json)) return undefined;
  const parsed = errorReplySchema.safeParse(json);
  return parsed.success
    ? fromWireError(parsed.data.error)
    : new QuietpayError('bus_bad_reply', 'malformed error reply', { context: { issues: parsed.error.message } });
}
