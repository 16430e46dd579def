import { CHAIN_POLLER_ERROR_CODES, DECRYPT_PROXY_ERROR_CODES, LEDGER_ERROR_CODES, SUBMITTER_ERROR_CODES, TX_BUILDER_ERROR_CODES } from '@quietpay/contracts';
import { PLATFORM_ERROR_CLASSES, QuietpayError, isTransportErrorCode } from '@quietpay/platform';
import { isX402ErrorCode } from '@quietpay/x402';
import { describe, expect, it } from 'vitest';
import { reasonFromLedgerError, reasonFromSettlementFailure } from '../schemes/session/ledger-reason.mapper';
import { API_ERROR_STATUS, isApiErrorCode } from './api-error-code';
import { apiErrorFromQuietpayError } from './error-status.mapper';
import { SERVICE_ERROR_ANSWERS } from './service-error-answers';

const declared = {
  ...PLATFORM_ERROR_CLASSES,
  ...LEDGER_ERROR_CODES,
  ...SUBMITTER_ERROR_CODES,
  ...TX_BUILDER_ERROR_CODES,
  ...CHAIN_POLLER_ERROR_CODES,
  ...DECRYPT_PROXY_ERROR_CODES,
};
const codes = Object.keys(declared) as (keyof typeof SERVICE_ERROR_ANSWERS)[];

describe('SERVICE_ERROR_ANSWERS', () => {
  it('has exactly one row per declared service code (the type makes a missing row a compile error; this guards the table at run time)', () => {
    expect(codes.length).toBeGreaterThan(50);
    expect(Object.keys(SERVICE_ERROR_ANSWERS).sort()).toEqual([...codes].sort());
  });

  it('answers each declared code on an API route as its row says, with the error retryable as its class', () => {
    for (const code of codes) {
      const answer = apiErrorFromQuietpayError(new QuietpayError(code, 'detail'));
      const row = SERVICE_ERROR_ANSWERS[code];
      if (row.api === 'unavailable') {
        expect(isTransportErrorCode(code), code).toBe(true);
        expect(answer, code).toMatchObject({ status: 503, code: 'dependency_unavailable' });
      } else if (row.api === 'as_is') {
        expect(isApiErrorCode(code), code).toBe(true);
        const status = API_ERROR_STATUS[code as keyof typeof API_ERROR_STATUS];
        expect(answer, code).toMatchObject(status >= 500 ? { status: 500, code: 'internal' } : { status, code });
      } else {
        expect(isApiErrorCode(code), code).toBe(false);
        const retryable = declared[code] === 'retryable';
        expect(answer, code).toMatchObject(retryable ? { status: 503, code: 'dependency_unavailable' } : { status: 422, code: 'request_refused' });
      }
    }
  });

  it('passes a code on as an x402 reason only as itself, and as its row says on /verify, /settle and a settlement failure', () => {
    for (const code of codes) {
      const { x402 } = SERVICE_ERROR_ANSWERS[code];
      if (x402 !== 'unexpected') expect(x402, code).toBe(code);
      expect(reasonFromSettlementFailure(code), code).toBe(x402 === 'unexpected' ? 'unexpected_settle_error' : x402);
      if (code === 'contract_violation') continue; // the payer's undecodable payload: invalid_payload (ledger-reason.mapper.spec)
      expect(reasonFromLedgerError(new QuietpayError(code, 'm'), 'verify').reason, code).toBe(x402 === 'unexpected' ? 'unexpected_verify_error' : x402);
    }
  });

  it('passes on every declared code that is an x402 reason (a refusal the payer can act on is never hidden)', () => {
    for (const code of codes) {
      if (isX402ErrorCode(code)) expect(SERVICE_ERROR_ANSWERS[code].x402, code).toBe(code);
    }
  });
});
