import { QuietpayError } from '@quietpay/platform';
import { ApiError } from './api-error';
import { isApiErrorCode } from './api-error-code';
import { serviceErrorAnswer } from './service-error-answers';

/**
 * Maps a service's coded error to the gateway's HTTP answer, once, for every non-x402 route, by
 * the code's row in SERVICE_ERROR_ANSWERS (a code no service declares: by the same rules). Only
 * codes of the closed ApiErrorCode set reach a client as such (with their one status, from
 * API_ERROR_STATUS). A code outside it is still a deliberate refusal by the service that raised
 * it: 503 `dependency_unavailable` when it says a retry may succeed, else 422 `request_refused`
 * naming it in the message. Only a service's own `internal` failure (or a code whose status is a
 * 5xx) becomes a 500, and its message is never echoed.
 */
export function apiErrorFromQuietpayError(error: QuietpayError): ApiError {
  // Transport: the request may succeed later, the input was fine.
  if (serviceErrorAnswer(error.code)?.api === 'unavailable') {
    return new ApiError('dependency_unavailable', `a backing service is unavailable (${error.code}); retry later`);
  }
  if (isApiErrorCode(error.code)) {
    const answer = new ApiError(error.code, error.message);
    return answer.status >= 500 ? new ApiError('internal', 'internal error') : answer;
  }
  if (error.retryable) return new ApiError('dependency_unavailable', `retry later (${error.code})`);
  return new ApiError('request_refused', `${error.code}: ${error.message}`);
}
