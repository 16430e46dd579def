import { QuietpayError } from '@quietpay/platform';
import { describe, expect, it } from 'vitest';
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

  it('hides unknown codes behind 500 internal without their message', () => {
    expect(statusOf('lua_crashed')).toMatchObject({ status: 500, code: 'internal', message: 'internal error' });
  });
});
