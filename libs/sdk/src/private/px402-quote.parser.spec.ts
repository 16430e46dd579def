import { Keypair } from '@solana/web3.js';
import { describe, expect, it } from 'vitest';
import { parsePx402Quote, parseRetryAfterMs } from './px402-quote.parser';

const wallet = Keypair.generate().publicKey.toBase58();
const quoteHeaders = (over: Record<string, string | null> = {}): Headers => {
  const base: Record<string, string | null> = {
    'X-Payment-Amount': '10000',
    'X-Payment-Currency': 'USDC',
    'X-Payment-Network': 'solana-per',
    'X-Payment-Address': wallet,
    'X-Payment-Id': '4242',
    'X-Payment-Token': 'v1.payload.mac',
    ...over,
  };
  const h = new Headers();
  for (const [k, v] of Object.entries(base)) if (v !== null) h.set(k, v);
  return h;
};

describe('parsePx402Quote', () => {
  it('reads a well-formed quote, case-insensitively', () => {
    const h = new Headers();
    for (const [k, v] of quoteHeaders()) h.set(k.toLowerCase(), v);
    expect(parsePx402Quote(h)).toEqual({
      ok: true,
      quote: { amount: 10_000n, address: wallet, paymentId: '4242', token: 'v1.payload.mac', partsSummed: false },
    });
  });

  it('reads X-Payment-Parts: sum as a server that sums parts, and nothing else as one', () => {
    expect(parsePx402Quote(quoteHeaders({ 'X-Payment-Parts': 'sum' }))).toMatchObject({ ok: true, quote: { partsSummed: true } });
    expect(parsePx402Quote(quoteHeaders({ 'X-Payment-Parts': 'no' }))).toMatchObject({ ok: true, quote: { partsSummed: false } });
  });

  it('says not_px402 for answers of other schemes', () => {
    expect(parsePx402Quote(quoteHeaders({ 'X-Payment-Network': null }))).toMatchObject({ ok: false, reason: 'not_px402' });
    expect(parsePx402Quote(quoteHeaders({ 'X-Payment-Network': 'solana' }))).toMatchObject({ ok: false, reason: 'not_px402' });
  });

  it.each([
    ['zero amount', { 'X-Payment-Amount': '0' }],
    ['fractional amount', { 'X-Payment-Amount': '0.01' }],
    ['negative amount', { 'X-Payment-Amount': '-5' }],
    ['id 0', { 'X-Payment-Id': '0' }],
    ['id over u63', { 'X-Payment-Id': (1n << 63n).toString() }],
    ['id not decimal', { 'X-Payment-Id': '12ab' }],
    ['address not base58', { 'X-Payment-Address': 'not-a-key' }],
    ['token missing', { 'X-Payment-Token': null }],
    ['other currency', { 'X-Payment-Currency': 'EURC' }],
  ])('refuses a %s', (_name, over) => {
    expect(parsePx402Quote(quoteHeaders(over))).toMatchObject({ ok: false, reason: 'malformed_quote' });
  });

  it('canonicalises the id so it echoes back as the server wrote it', () => {
    const parsed = parsePx402Quote(quoteHeaders({ 'X-Payment-Id': '0042' }));
    expect(parsed.ok && parsed.quote.paymentId).toBe('42');
  });
});

describe('parseRetryAfterMs', () => {
  it('reads seconds and HTTP dates, ignores garbage', () => {
    const now = Date.parse('2025-01-01T00:00:00Z');
    expect(parseRetryAfterMs('3', now)).toBe(3000);
    expect(parseRetryAfterMs('Wed, 01 Jan 2025 00:00:10 GMT', now)).toBe(10_000);
    expect(parseRetryAfterMs('Tue, 31 Dec 2024 00:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfterMs('soon', now)).toBeUndefined();
    expect(parseRetryAfterMs(null, now)).toBeUndefined();
  });
});
