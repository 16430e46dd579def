import { type ErrorCodeTable, LEDGER_ERROR_CODES, SUBMITTER_ERROR_CODES, TX_BUILDER_ERROR_CODES } from '@quietpay/contracts';
import { fromWireError, PLATFORM_ERROR_CLASSES, QuietpayError, serviceErrors, toWireError } from '@quietpay/platform';
import { describe, expect, it } from 'vitest';
import { backoffDelayMs } from './backoff.policy';
import { classifyFailure, isStaleHandlesFailure } from './failure.classifier';
import { decideResume } from './resume.decision';

describe('classifyFailure', () => {
  // What reaches the worker from each service it calls: the service's own error, over the wire.
  const peers = {
    'session-ledger': LEDGER_ERROR_CODES,
    'tx-builder': TX_BUILDER_ERROR_CODES,
    submitter: SUBMITTER_ERROR_CODES,
    platform: PLATFORM_ERROR_CLASSES,
  };

  it("retries exactly the codes whose declared class is retryable, and a peer's internal failure or unreadable reply", () => {
    for (const [service, table] of Object.entries(peers)) {
      const raise = serviceErrors<ErrorCodeTable>(table);
      for (const [code, retryClass] of Object.entries(table)) {
        const received = fromWireError(toWireError(raise(code, 'why')));
        const outcomeUnknown = code === 'internal' || code === 'bus_bad_reply';
        expect(classifyFailure(received), `${service}: ${code}`).toEqual({
          kind: retryClass === 'retryable' || outcomeUnknown ? 'retryable' : 'terminal',
          reason: code,
          detail: 'why',
        });
      }
    }
  });

  it('treats an expired blockhash as a rebuild, not a retry or a failure', () => {
    expect(classifyFailure(new Error('failed to send transaction: Transaction simulation failed: Blockhash not found')).kind).toBe('blockhash_expired');
    expect(classifyFailure(new Error('TransactionExpiredBlockheightExceededError: block height exceeded')).kind).toBe('blockhash_expired');
  });

  it('retries transport trouble', () => {
    expect(classifyFailure(new TypeError('fetch failed')).kind).toBe('retryable');
    expect(classifyFailure(new Error('429 Too Many Requests')).kind).toBe('retryable');
  });

  it('is terminal for a transaction the program rejects, naming insufficient funds', () => {
    expect(classifyFailure(new Error('Transaction simulation failed: custom program error: 0x1771'))).toMatchObject({
      kind: 'terminal',
      reason: 'insufficient_funds',
    });
    expect(classifyFailure(new Error('Transaction simulation failed: {"InstructionError":[0,{"Custom":6004}]}'))).toMatchObject({
      kind: 'terminal',
      reason: 'transaction_failed',
    });
  });

  it('follows a coded error’s own retryable flag', () => {
    expect(classifyFailure(new QuietpayError('sign_refused', 'no', { retryable: false }))).toMatchObject({ kind: 'terminal', reason: 'sign_refused' });
    expect(classifyFailure(new QuietpayError('bus_timeout', 'slow'))).toMatchObject({ kind: 'retryable', reason: 'bus_timeout' });
  });

  it("records a code no declared set holds (a newer peer's) as unexpected_error, keeping the code in the detail", () => {
    expect(classifyFailure(new QuietpayError('brand_new_code', 'why', { retryable: false }))).toEqual({
      kind: 'terminal',
      reason: 'unexpected_error',
      detail: 'brand_new_code: why',
    });
  });

  it('retries what it does not recognise (a release must never follow a tx that may land)', () => {
    expect(classifyFailure(new Error('something odd')).kind).toBe('retryable');
  });
});

describe('backoffDelayMs', () => {
  it('doubles per failed attempt from the base and stops at the cap', () => {
    expect([1, 2, 3, 4].map((n) => backoffDelayMs(n, 500, 3000))).toEqual([500, 1000, 2000, 3000]);
    expect(backoffDelayMs(1000, 500, 3000)).toBe(3000);
  });
});

describe('decideResume (before sending again for a settlement that already sent)', () => {
  it('never pays twice: a confirmed signature settles, a failed one fails', () => {
    expect(decideResume({ confirmationStatus: 'confirmed' }, 500, 100)).toBe('settled');
    expect(decideResume({ confirmationStatus: 'finalized' }, 10, 100)).toBe('settled');
    expect(decideResume({ confirmationStatus: 'confirmed', err: { InstructionError: [0, 'x'] } }, 10, 100)).toBe('failed_on_chain');
  });

  it('waits on a processed one, re-sends the same bytes while valid, rebuilds only after expiry', () => {
    expect(decideResume({ confirmationStatus: 'processed' }, 500, 100)).toBe('wait');
    expect(decideResume(undefined, 100, 100)).toBe('resend');
    expect(decideResume(undefined, 101, 100)).toBe('rebuild');
  });
});

describe('isStaleHandlesFailure', () => {
  it('recognises Lightning allowance seeds failures, landed or refused at preflight', () => {
    expect(isStaleHandlesFailure('{"InstructionError":[0,{"Custom":2006}]}')).toBe(true);
    expect(
      isStaleHandlesFailure('Simulation failed. Message: Transaction simulation failed: Error processing Instruction 0: custom program error: 0x7d6.'),
    ).toBe(true);
  });

  it('does not mistake other program errors for moved handles', () => {
    expect(isStaleHandlesFailure('{"InstructionError":[0,{"Custom":6004}]}')).toBe(false);
    expect(isStaleHandlesFailure('custom program error: 0x7d60')).toBe(false);
    expect(isStaleHandlesFailure('{"InstructionError":[0,{"Custom":20060}]}')).toBe(false);
  });
});
