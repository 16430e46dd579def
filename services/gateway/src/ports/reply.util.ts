import type { ReplyResult } from '@quietpay/contracts';
import { QuietpayError } from '@quietpay/platform';

/** The ok value of a command reply; the error arm (or a reply with neither) as a QuietpayError. */
export function unwrapReply<Ok>(reply: { result: ReplyResult<Ok> }, subject: string): Ok {
  const { result } = reply;
  if (result.case === 'ok') return result.value;
  if (result.case === 'error') {
    throw new QuietpayError(result.value.code, result.value.message, { retryable: result.value.retryable, context: result.value.context });
  }
  throw new QuietpayError('bus_bad_reply', `empty reply on ${subject}`, { context: { subject } });
}
