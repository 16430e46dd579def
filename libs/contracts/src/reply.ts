import type { CommandError } from './gen/registry';

/**
 * The `oneof result { ok; error }` every command reply carries (the generator enforces it).
 */
export type ReplyResult<Ok> = { case: 'ok'; value: Ok } | { case: 'error'; value: CommandError } | { case: undefined; value?: undefined };

/** The success payload type of a reply message, e.g. `OkOf<GetSessionReply>` is `Session`. */
export type OkOf<R extends { result: ReplyResult<unknown> }> = Extract<R['result'], { case: 'ok' }>['value'];

/**
 * Wraps a success payload as a reply.
 *
 * @example
 * ```ts
 * const reply: GetSessionReply = replyOk(session);
 * ```
 */
export function replyOk<Ok>(value: Ok): { result: { case: 'ok'; value: Ok } } {
  return { result: { case: 'ok', value } };
}

/**
 * Wraps a coded failure as a reply.
 *
 * @example
 * ```ts
 * const reply: GetSessionReply = replyError({ code: 'session_not_found', message: 'no such session', retryable: false, context: { sessionId } });
 * ```
 */
export function replyError(error: CommandError): { result: { case: 'error'; value: CommandError } } {
  return { result: { case: 'error', value: error } };
}
