import { QuietpayError } from '@quietpay/platform';
import { describe, expect, it } from 'vitest';
import { reasonFromLedgerError, reasonFromSettlementFailure } from './ledger-reason.mapper';

describe('reasonFromLedgerError', () => {
  it('passes payment-level ledger codes through as the x402 reason', () => {
    for (const code of ['cap_exceeded', 'nonce_replayed', 'session_not_found', 'session_expired', 'session_closed', 'bad_session_signature']) {
      expect(reasonFromLedgerError(new QuietpayError(code, 'why'), 'verify')).toEqual({ reason: code, message: 'why' });
    }
  });

  it('maps transport failures to the operation-specific unexpected error', () => {
    expect(reasonFromLedgerError(new QuietpayError('bus_timeout', 't'), 'verify').reason).toBe('unexpected_verify_error');
    expect(reasonFromLedgerError(new QuietpayError('bus_no_responders', 'n'), 'settle').reason).toBe('unexpected_settle_error');
  });

  it('hides unknown codes and non-coded errors', () => {
    expect(reasonFromLedgerError(new QuietpayError('redis_script_missing', 'secret detail'), 'settle')).toEqual({
      reason: 'unexpected_settle_error',
      message: 'redis_script_missing',
    });
    expect(reasonFromLedgerError(new Error('boom'), 'verify')).toEqual({ reason: 'unexpected_verify_error', message: 'internal error' });
  });

  it('reports a payload the ledger could not decode as invalid_payload', () => {
    expect(reasonFromLedgerError(new QuietpayError('contract_violation', 'bad'), 'verify').reason).toBe('invalid_payload');
  });
});

describe('reasonFromSettlementFailure', () => {
  it('keeps known reasons and folds the rest into unexpected_settle_error', () => {
    expect(reasonFromSettlementFailure('insufficient_funds')).toBe('insufficient_funds');
    expect(reasonFromSettlementFailure('blockhash_expired')).toBe('unexpected_settle_error');
  });
});
