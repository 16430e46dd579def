import { describe, expect, it } from 'vitest';
import { isX402ErrorCode, QUIETPAY_ERROR_CODES, STANDARD_X402_ERROR_CODES, X402_ERROR_INFO } from './x402-error-codes';

describe('x402 error codes', () => {
  it('has an info entry for every code and no stray entries', () => {
    const codes = [...STANDARD_X402_ERROR_CODES, ...QUIETPAY_ERROR_CODES];
    expect(new Set(codes).size).toBe(codes.length);
    expect(Object.keys(X402_ERROR_INFO).sort()).toEqual([...codes].sort());
  });

  it('classifies retryable and terminal codes', () => {
    expect(X402_ERROR_INFO.settlement_pending).toEqual({ httpStatus: 402, retryable: true });
    expect(X402_ERROR_INFO.cap_exceeded.retryable).toBe(false);
    expect(X402_ERROR_INFO.nonce_replayed.httpStatus).toBe(409);
    expect(X402_ERROR_INFO.rpc_error).toEqual({ httpStatus: 503, retryable: true });
  });

  it('narrows only known codes', () => {
    expect(isX402ErrorCode('session_revoked')).toBe(true);
    expect(isX402ErrorCode('insufficient_funds')).toBe(true);
    expect(isX402ErrorCode('toString')).toBe(false);
    expect(isX402ErrorCode(undefined)).toBe(false);
  });
});
