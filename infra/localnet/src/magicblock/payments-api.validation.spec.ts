import { Keypair } from '@solana/web3.js';
import { describe, expect, it } from 'vitest';
import { parseClientRefId, parseTransferRequest } from './payments-api.validation';

const base = {
  from: Keypair.generate().publicKey.toBase58(),
  to: Keypair.generate().publicKey.toBase58(),
  mint: Keypair.generate().publicKey.toBase58(),
  amount: '1000',
  visibility: 'private',
  fromBalance: 'base',
  toBalance: 'base',
  cluster: 'devnet',
  clientRefId: '18446744073709551615',
};

const errorOf = (body: unknown): string | undefined => {
  const r = parseTransferRequest(body, 1000);
  return r.ok ? undefined : r.error.code;
};

describe('transfer request validation', () => {
  it('accepts the documented body with defaults', () => {
    const r = parseTransferRequest(base, 1000);
    expect(r.ok && { split: r.value.split, ref: r.value.clientRefId, min: r.value.minDelayMs, max: r.value.maxDelayMs }).toEqual({
      split: 1,
      ref: 18446744073709551615n,
      min: 0,
      max: 0,
    });
  });

  it('refuses what the real API refuses', () => {
    expect(errorOf({ ...base, clientRefId: '0' })).toBe('invalid_client_ref_id');
    expect(errorOf({ ...base, clientRefId: '18446744073709551616' })).toBe('invalid_client_ref_id');
    expect(errorOf({ ...base, visibility: 'public' })).toBe('unsupported_visibility');
    expect(errorOf({ ...base, fromBalance: 'ephemeral', toBalance: 'ephemeral' })).toBe('unsupported_balance_route');
    expect(errorOf({ ...base, split: 0 })).toBe('invalid_request');
    expect(errorOf({ ...base, maxDelayMs: 1001 })).toBe('invalid_request');
    expect(errorOf({ ...base, amount: '2', split: 3 })).toBe('invalid_request');
    expect(errorOf({ ...base, clientRefId: 5 })).toBe('invalid_request');
    expect(errorOf(null)).toBe('invalid_request');
  });

  it('parses client ref ids as u64 decimal strings only', () => {
    expect(parseClientRefId('1')).toEqual({ ok: true, value: 1n });
    expect(parseClientRefId(' 1').ok).toBe(false);
    expect(parseClientRefId('0x1').ok).toBe(false);
  });
});
