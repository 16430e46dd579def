import { LEDGER_ERROR_CODES, SUBMITTER_ERROR_CODES, TX_BUILDER_ERROR_CODES } from '@quietpay/contracts';
import { describe, expect, it } from 'vitest';
import { PLATFORM_ERROR_CLASSES } from './error-code';
import { isSettlementFailureReason, settlementFailureReasonOf } from './settlement-failure-reason';

describe('SettlementFailureReason', () => {
  it('reads back every code the submitter records, spelled as stored, and none as unexpected_error', () => {
    const recorded = [
      ...Object.keys({ ...SUBMITTER_ERROR_CODES, ...LEDGER_ERROR_CODES, ...TX_BUILDER_ERROR_CODES, ...PLATFORM_ERROR_CLASSES }),
      'never_submitted',
    ];
    for (const reason of recorded) {
      expect(isSettlementFailureReason(reason), reason).toBe(true);
      expect(settlementFailureReasonOf(reason)).toBe(reason);
    }
    // Values existing records and receipts carry (tests/e2e, tests/session/submitter).
    for (const stored of ['insufficient_funds', 'sign_refused', 'delegation_revoked', 'transaction_failed', 'unexpected_error']) {
      expect(settlementFailureReasonOf(stored)).toBe(stored);
    }
  });

  it("keeps '' (not failed) and reads a code no declared set holds as unexpected_error", () => {
    expect(settlementFailureReasonOf('')).toBe('');
    expect(isSettlementFailureReason('brand_new_code')).toBe(false);
    expect(settlementFailureReasonOf('brand_new_code')).toBe('unexpected_error');
  });
});
