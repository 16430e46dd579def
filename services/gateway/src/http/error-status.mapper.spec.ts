import { QuietpayError } from '@quietpay/platform';
import { describe, expect, it } from 'vitest';
import { ApiError } from './api-error';
import { API_ERROR_STATUS, isApiErrorCode } from './api-error-code';
import { apiErrorFromQuietpayError } from './error-status.mapper';

const statusOf = (code: string) => apiErrorFromQuietpayError(new QuietpayError(code, 'm'));

describe('apiErrorFromQuietpayError', () => {
  it('answers a missing session with 404 session_not_found', () => {
    expect(statusOf('session_not_found')).toMatchObject({ status: 404, code: 'session_not_found' });
  });

  it('answers bus failures with 503 dependency_unavailable, never a 500', () => {
    for (const code of ['bus_timeout', 'bus_no_responders', 'bus_unavailable']) {
      expect(statusOf(code)).toMatchObject({ status: 503, code: 'dependency_unavailable' });
    }
  });

  it('keeps client-caused codes in 4xx', () => {
    expect(statusOf('bad_auth_signature').status).toBe(401);
    expect(statusOf('nonce_replayed').status).toBe(409);
    expect(statusOf('session_closed').status).toBe(409);
    expect(statusOf('cap_exceeded').status).toBe(402);
    expect(statusOf('invalid_payload').status).toBe(400);
  });

  it("answers a service's internal failure with 500 internal, never echoing its message", () => {
    expect(apiErrorFromQuietpayError(new QuietpayError('internal', 'stack: secret detail'))).toMatchObject({
      status: 500,
      code: 'internal',
      message: 'internal error',
    });
  });

  it('answers the ledger, tx-builder and signer refusals with their own 4xx', () => {
    expect(statusOf('terms_mismatch').status).toBe(400);
    expect(statusOf('per_call_limit_too_large').status).toBe(400);
    expect(statusOf('approve_tx_rejected').status).toBe(422);
    expect(statusOf('cap_mismatch').status).toBe(422);
    expect(statusOf('bad_close_signature').status).toBe(401);
    expect(statusOf('close_replayed').status).toBe(401);
  });

  it('answers a code outside the closed set as a refusal: 422 request_refused naming it when terminal, 503 when retryable, never a 500', () => {
    expect(statusOf('brand_new_refusal')).toMatchObject({ status: 422, code: 'request_refused', message: 'brand_new_refusal: m' });
    expect(apiErrorFromQuietpayError(new QuietpayError('brand_new_outage', 'm', { retryable: true }))).toMatchObject({
      status: 503,
      code: 'dependency_unavailable',
    });
  });
});

describe('the closed set of gateway error codes', () => {
  it('gives every code exactly one status, 4xx or 500/503, and ApiError takes it from the table', () => {
    for (const [code, status] of Object.entries(API_ERROR_STATUS)) {
      expect(isApiErrorCode(code)).toBe(true);
      expect(status === 500 || status === 503 || (status >= 400 && status < 500), code).toBe(true);
      expect(new ApiError(code as keyof typeof API_ERROR_STATUS, 'm').status).toBe(status);
    }
    expect(new ApiError('rate_limited', 'm').status).toBe(429);
    expect(new ApiError('session_not_found', 'm').status).toBe(404);
    expect(isApiErrorCode('brand_new_refusal')).toBe(false);
  });

  it('does not compile a free-form code', () => {
    // @ts-expect-error: not an ApiErrorCode (the root typecheck fails if this line compiles).
    expect(() => new ApiError('some_new_code', 'm')).not.toThrow();
  });
});
