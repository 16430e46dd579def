import { Keypair } from '@solana/web3.js';
import { describe, expect, it } from 'vitest';
import { privateFetch, type PrivateFetchDeps } from './private-fetch.usecase';
import { PrivatePaymentError, PrivatePaymentExpiredError } from './private-payment.error';
import type { Px402Quote } from './px402-quote.parser';

const merchant = Keypair.generate().publicKey.toBase58();
type Scripted = { status: number; reason?: string; id?: string; headers?: Record<string, string>; body?: Record<string, unknown>; bare?: boolean };

function answer(s: Scripted): Response {
  const headers = new Headers(s.headers);
  if (s.status === 402 && s.bare !== true) {
    const id = s.id ?? '11';
    for (const [k, v] of Object.entries({
      'X-Payment-Network': 'solana-per',
      'X-Payment-Amount': '10000',
      'X-Payment-Address': merchant,
      'X-Payment-Id': id,
      'X-Payment-Token': `tok-${id}`,
    })) {
      headers.set(k, v);
    }
  }
  const body = s.body ?? (s.reason ? { reason: s.reason, message: '' } : { ok: true });
  return new Response(JSON.stringify(body), { status: s.status, headers });
}

function harness(script: Scripted[], over: Partial<PrivateFetchDeps> = {}) {
  const requests: Headers[] = [];
  const paid: Px402Quote[] = [];
  const sleeps: number[] = [];
  let clock = 0;
  const deps: PrivateFetchDeps = {
    fetchImpl: (_url, init) => {
      requests.push(new Headers(init?.headers));
      const next = script.shift();
      if (!next) throw new Error('script exhausted');
      return Promise.resolve(answer(next));
    },
    pay: (quote) => {
      paid.push(quote);
      return Promise.resolve({ signature: `sig-${quote.paymentId}`, slot: 1 });
    },
    retry: { schedule: [100, 200], maxWaitMs: 1_000 },
    repayOnExpiry: false,
    sleep: (ms) => {
      sleeps.push(ms);
      clock += ms;
      return Promise.resolve();
    },
    now: () => clock,
    ...over,
  };
  return { deps, requests, paid, sleeps };
}

async function rejection(p: Promise<unknown>): Promise<PrivatePaymentError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof PrivatePaymentError)) throw new Error(`expected PrivatePaymentError, got ${String(err)}`);
  return err;
}

describe('privateFetch', () => {
  it('pays once, retries with id and token while pending, returns the served answer with the settlement signature', async () => {
    const h = harness([
      { status: 402, reason: 'payment_required' },
      { status: 402, reason: 'payment_pending' },
      { status: 402, reason: 'payment_pending' },
      { status: 200, headers: { 'X-Payment-Signature': 'settle' } },
    ]);
    const res = await privateFetch(h.deps, 'http://api/x');
    expect(res.response.status).toBe(200);
    expect(h.paid.map((q) => q.paymentId)).toEqual(['11']);
    expect(h.sleeps).toEqual([100, 200]);
    expect(h.requests.map((r) => [r.get('x-payment-id'), r.get('x-payment-token')])).toEqual([
      [null, null],
      ['11', 'tok-11'],
      ['11', 'tok-11'],
      ['11', 'tok-11'],
    ]);
    expect(res.payments).toEqual([{ paymentId: '11', amount: 10_000n, recipient: merchant, transactionSignature: 'sig-11', settlementSignature: 'settle' }]);
  });

  it('passes non-px402 answers through untouched and never pays them', async () => {
    const h = harness([{ status: 404 }]);
    expect((await privateFetch(h.deps, 'http://api/x')).response.status).toBe(404);
    const other = harness([{ status: 402, headers: { 'X-Payment-Network': 'x' } }]);
    other.deps = { ...other.deps, fetchImpl: () => Promise.resolve(new Response('{}', { status: 402 })) };
    expect((await privateFetch(other.deps, 'http://api/x')).response.status).toBe(402);
    expect([...h.paid, ...other.paid]).toEqual([]);
  });

  it('settle-wait: gives up after maxWaitMs with the signature and quote to resume with', async () => {
    const h = harness(
      Array.from({ length: 20 }, (_, i) => (i === 0 ? { status: 402, reason: 'payment_required' } : { status: 402, reason: 'payment_pending' })),
    );
    const err = await rejection(privateFetch(h.deps, 'http://api/x'));
    expect([err.phase, err.code, err.signature, err.quote?.token, err.retryable]).toEqual(['settle-wait', 'settle_timeout', 'sig-11', 'tok-11', true]);
    expect(h.paid).toHaveLength(1);
  });

  it('expired: surfaces the fresh quote instead of paying twice, unless repayOnExpiry', async () => {
    const h = harness([
      { status: 402, reason: 'payment_required' },
      { status: 402, reason: 'expired', id: '12' },
    ]);
    const err = await rejection(privateFetch(h.deps, 'http://api/x'));
    expect(err).toBeInstanceOf(PrivatePaymentExpiredError);
    expect([err.phase, err.code, err.signature, (err as PrivatePaymentExpiredError).freshQuote.paymentId]).toEqual(['retry', 'expired', 'sig-11', '12']);
    expect(h.paid).toHaveLength(1);

    const again = harness([{ status: 402, reason: 'payment_required' }, { status: 402, reason: 'expired', id: '12' }, { status: 200 }], {
      repayOnExpiry: true,
    });
    const res = await privateFetch(again.deps, 'http://api/x');
    expect(again.paid.map((q) => q.paymentId)).toEqual(['11', '12']);
    expect(res.payments.map((p) => p.transactionSignature)).toEqual(['sig-11', 'sig-12']);
  });

  it('never pays when resuming with caller credentials, even if the answer is expired or pending', async () => {
    const init = { headers: { 'X-Payment-Id': '11', 'X-Payment-Token': 'tok-11' } };
    const pending = harness([{ status: 402, reason: 'payment_pending' }, { status: 200 }]);
    expect((await privateFetch(pending.deps, 'http://api/x', init)).response.status).toBe(200);
    const expired = harness([{ status: 402, reason: 'expired', id: '13' }]);
    expect((await rejection(privateFetch(expired.deps, 'http://api/x', init))).code).toBe('expired');
    expect([...pending.paid, ...expired.paid]).toEqual([]);
  });

  it('retry: 401, 409 and amount_mismatch are typed and keep the signature', async () => {
    for (const [status, reason, code] of [
      [401, 'path_mismatch', 'token_rejected'],
      [409, 'replay', 'replay'],
      [402, 'amount_mismatch', 'amount_mismatch'],
    ] as const) {
      const h = harness([
        { status: 402, reason: 'payment_required' },
        { status, reason },
      ]);
      const err = await rejection(privateFetch(h.deps, 'http://api/x'));
      expect([err.phase, err.code, err.reason, err.signature]).toEqual(['retry', code, reason, 'sig-11']);
    }
  });

  it('honours Retry-After on 429 and waits through 503 after paying', async () => {
    const h = harness([
      { status: 429, headers: { 'Retry-After': '0' } },
      { status: 402, reason: 'payment_required' },
      { status: 503, reason: 'rpc_error' },
      { status: 429, headers: { 'Retry-After': '1' } },
      { status: 200 },
    ]);
    h.deps = { ...h.deps, retry: { schedule: [100], maxWaitMs: 5_000 } };
    expect((await privateFetch(h.deps, 'http://api/x')).response.status).toBe(200);
    expect(h.sleeps).toEqual([0, 100, 1000]);
    expect(h.paid).toHaveLength(1);
  });

  it('quote: refuses a quote above maxAmountPerRequest without paying', async () => {
    const h = harness([{ status: 402, reason: 'payment_required' }], { maxAmountPerRequest: 9_999n });
    const err = await rejection(privateFetch(h.deps, 'http://api/x'));
    expect([err.phase, err.code, err.signature]).toEqual(['quote', 'amount_over_limit', undefined]);
    expect(h.paid).toEqual([]);
  });

  it('503 past maxWaitMs fails as facilitator_unavailable with the signature', async () => {
    const h = harness([{ status: 402, reason: 'payment_required' }, ...Array.from({ length: 20 }, () => ({ status: 503, reason: 'rpc_error' }))]);
    const err = await rejection(privateFetch(h.deps, 'http://api/x'));
    expect([err.phase, err.code, err.signature]).toEqual(['settle-wait', 'facilitator_unavailable', 'sig-11']);
  });

  describe('px402-shaped answers (PROTOCOLS.md §4: `error` is the code, `reason` only qualifies payment_required)', () => {
    const initial = {
      status: 402,
      body: { error: 'payment_required', reason: 'initial', amount: '10000', currency: 'USDC', network: 'solana-per', paymentId: '11', expiry: 1 },
    };
    const barePending = { status: 402, bare: true, body: { error: 'payment_pending' } };

    it('pays a reason:"initial" quote and keeps retrying with its id and token through bare pending answers', async () => {
      const h = harness([initial, barePending, barePending, { status: 200, headers: { 'X-Payment-Signature': 'settle' } }]);
      const res = await privateFetch(h.deps, 'http://api/x');
      expect(res.response.status).toBe(200);
      expect(h.paid.map((q) => q.paymentId)).toEqual(['11']);
      expect(h.requests.slice(1).map((r) => [r.get('x-payment-id'), r.get('x-payment-token')])).toEqual([
        ['11', 'tok-11'],
        ['11', 'tok-11'],
        ['11', 'tok-11'],
      ]);
      expect(res.payments[0]?.settlementSignature).toBe('settle');
    });

    it('a bare pending answer past maxWaitMs is settle_timeout with the quote to resume with', async () => {
      const h = harness([initial, ...Array.from({ length: 20 }, () => barePending)]);
      const err = await rejection(privateFetch(h.deps, 'http://api/x'));
      expect([err.code, err.quote?.paymentId, err.quote?.token, err.signature]).toEqual(['settle_timeout', '11', 'tok-11', 'sig-11']);
    });

    it('resuming with caller credentials waits through bare pending answers without a quote', async () => {
      const h = harness([barePending, { status: 200 }]);
      const res = await privateFetch(h.deps, 'http://api/x', { headers: { 'X-Payment-Id': '11', 'X-Payment-Token': 'tok-11' } });
      expect(res.response.status).toBe(200);
      expect(h.paid).toEqual([]);
    });

    it('reads error codes: expired (error payment_required, reason expired), amount_mismatch, invalid_token, replay', async () => {
      const expired = harness([initial, { status: 402, id: '12', body: { error: 'payment_required', reason: 'expired' } }]);
      const e = await rejection(privateFetch(expired.deps, 'http://api/x'));
      expect([e.code, (e as PrivatePaymentExpiredError).freshQuote.paymentId]).toEqual(['expired', '12']);
      const cases = [
        [{ status: 402, bare: true, body: { error: 'amount_mismatch', expected: '10000', actual: '9000' } }, 'amount_mismatch', 'amount_mismatch'],
        [{ status: 401, body: { error: 'invalid_token' } }, 'token_rejected', 'invalid_token'],
        [{ status: 409, body: { error: 'replay' } }, 'replay', 'replay'],
      ] as const;
      for (const [second, code, reason] of cases) {
        const h = harness([initial, second]);
        const err = await rejection(privateFetch(h.deps, 'http://api/x'));
        expect([err.code, err.reason, err.signature]).toEqual([code, reason, 'sig-11']);
      }
    });

    it('a 402 without quote headers and without a known code, after paying, is unexpected_answer (never a second payment)', async () => {
      const h = harness([initial, { status: 402, bare: true, body: { error: 'something_new' } }]);
      const err = await rejection(privateFetch(h.deps, 'http://api/x'));
      expect([err.code, err.signature]).toEqual(['unexpected_answer', 'sig-11']);
      expect(h.paid).toHaveLength(1);
    });

    it('an initial quote with missing headers is malformed_quote and is not paid', async () => {
      const h = harness([{ status: 402, bare: true, headers: { 'X-Payment-Network': 'solana-per' }, body: { error: 'payment_required', reason: 'initial' } }]);
      expect((await rejection(privateFetch(h.deps, 'http://api/x'))).code).toBe('malformed_quote');
      expect(h.paid).toEqual([]);
    });
  });
});
