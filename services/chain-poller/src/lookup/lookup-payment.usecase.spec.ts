import type { ObservedPayment } from '@quietpay/contracts';
import { QuietpayError } from '@quietpay/platform';
import { describe, expect, it } from 'vitest';
import type { PaymentIndex } from '../payments/payment-index.port';
import { PollerState } from '../polling/poller-state';
import type { WatermarkStore } from '../watermark/watermark.port';
import { LookupPaymentUseCase } from './lookup-payment.usecase';

const RECIPIENT = '9Cir3JKBcQ1mzasrQNKWMiGVZvYu3dxvfkGeQ6mohWWi';

/** An index that records which ids reached it: a refused id must never be looked up. */
function recordingIndex(): PaymentIndex & { readonly asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    record: () => Promise.resolve('new'),
    find: (paymentId: string): Promise<ObservedPayment | undefined> => {
      asked.push(paymentId);
      return Promise.resolve(undefined);
    },
  };
}

const watermarks: WatermarkStore = { get: () => Promise.resolve(undefined), advance: () => Promise.resolve(true) };

async function codeOf(run: Promise<unknown>): Promise<string> {
  try {
    await run;
    return 'answered';
  } catch (error) {
    return error instanceof QuietpayError ? error.code : 'untyped';
  }
}

describe('LookupPaymentUseCase', () => {
  it('applies the payment-id rule every other surface applies (u63, canonical, never 0)', async () => {
    const index = recordingIndex();
    const lookup = new LookupPaymentUseCase(index, watermarks, new PollerState());
    expect(await codeOf(lookup.execute('9223372036854775807', RECIPIENT))).toBe('answered');
    // u64 ids above u63 are on chain (any client can send one) but no quietpay surface issues them.
    for (const id of ['9223372036854775808', '18446744073709551615', '0', '042', '']) {
      expect(await codeOf(lookup.execute(id, RECIPIENT))).toBe('invalid_payment_id');
    }
    expect(await codeOf(lookup.execute('42', 'z'.repeat(44)))).toBe('invalid_recipient');
    expect(index.asked).toEqual(['9223372036854775807']);
  });
});
