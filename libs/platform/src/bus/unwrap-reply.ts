import type { ReplyResult } from '@quietpay/contracts';
import { QuietpayError } from '../errors/quietpay-error';

/**
 * The ok value of a command reply. BusClient already throws a reply's error arm; this turns the
 * arm anyway (a reply built by hand) and a reply with neither into a QuietpayError, so every caller
 * unwraps the same way.
 *
 * @example
 * const session = unwrapReply(await bus.request(SessionGetV1, { sessionId }), SessionGetV1.subject);
 */
export function unwrapReply<Ok>(reply: { result: ReplyResult<Ok> }, subject: string): Ok {
  const { result } = reply;
  if (result.case === 'ok') return result.value;
  if (result.case === 'error') {
    throw new QuietpayError(result.value.code, result.value.message, { retryable: result.value.retryable, context: result.value.context });
  }
  throw new QuietpayError('bus_bad_reply', `empty reply on ${subject}`, { context: { subject } });
}
