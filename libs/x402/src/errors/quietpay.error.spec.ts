import { describe, expect, it } from 'vitest';
import { HeaderDecodeError } from '../headers/header-codec.error';
import { InvalidOptionError, QuietpayError } from './quietpay.error';

describe('QuietpayError', () => {
  it('carries code, retryable, field and phase', () => {
    const e = new QuietpayError('boom', { code: 'facilitator_unavailable', retryable: true, phase: 'verify' });
    expect(e).toMatchObject({ name: 'QuietpayError', code: 'facilitator_unavailable', retryable: true, phase: 'verify', field: undefined });
  });

  it('matches instances of another copy of the class (two bundles inline it) by brand', () => {
    const foreign = new (class extends Error {
      constructor() {
        super('from the other bundle');
        Object.defineProperty(this, Symbol.for('quietpay.error'), { value: true });
      }
    })();
    expect(foreign instanceof QuietpayError).toBe(true);
    expect(new Error('plain') instanceof QuietpayError).toBe(false);
    expect((null as unknown as object) instanceof QuietpayError).toBe(false);
  });

  it('keeps prototype checks for subclasses', () => {
    const option = new InvalidOptionError('createSession', 'cap', 'must be positive', '0');
    expect(option instanceof QuietpayError).toBe(true);
    expect(option instanceof InvalidOptionError).toBe(true);
    expect(option instanceof HeaderDecodeError).toBe(false);
    expect(option.message).toBe('createSession: option `cap` must be positive (got "0")');
    expect(option).toMatchObject({ code: 'invalid_option', field: 'cap', phase: 'options', retryable: false, name: 'InvalidOptionError' });
  });
});
