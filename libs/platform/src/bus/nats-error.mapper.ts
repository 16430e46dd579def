import { ErrorCode as NatsErrorCode, NatsError } from 'nats';
import { QuietpayError } from '../errors/quietpay-error';

/** Maps a failed NATS request to a coded error; every transport failure is retryable. */
export function fromNatsRequestError(error: unknown, subject: string, timeoutMs: number): QuietpayError {
  const context = { subject };
  if (error instanceof NatsError || (error instanceof Error && 'code' in error)) {
    const code = (error as NatsError).code;
    if (code === NatsErrorCode.Timeout) {
      return new QuietpayError('bus_timeout', `no reply on ${subject} within ${timeoutMs}ms`, {
        context: { ...context, timeoutMs: String(timeoutMs) },
        cause: error,
      });
    }
    if (code === NatsErrorCode.NoResponders) {
      return new QuietpayError('bus_no_responders', `no service is listening on ${subject}`, { context, cause: error });
    }
    if (code === NatsErrorCode.PermissionsViolation) {
      // A deployment fault (this user lacks the subject), named so it is found fast.
      return new QuietpayError('bus_unavailable', `not permitted to request ${subject}: see BUS_ROLES in libs/contracts`, { context, cause: error });
    }
  }
  return new QuietpayError('bus_unavailable', `request on ${subject} failed`, { context, cause: error });
}
