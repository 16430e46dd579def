import { describe, expect, it } from 'vitest';
import { PaymentRequiredMini, SettleResponseMini, SupportedResponseMini } from './client-wire.mini';
import { SettleResponseSchema, SupportedResponseSchema } from './facilitator-responses.schema';
import { PaymentRequiredSchema } from './payment-required.schema';

// The client's zod/mini readers must say exactly what the servers' full-zod schemas say: same
// accept/refuse verdict, same output (aliases normalised, nulls read as absent, defaults filled).
const MINT = '7crFMbJN7hxVhUPNcRRxTGr9nD3TnvpZ8pNZepA19wuB';
const requirement = { scheme: 'session', network: 'solana:devnet', asset: MINT, amount: '500000', payTo: MINT, maxTimeoutSeconds: 60, extra: { a: 1 } };
const required = { x402Version: 2, resource: { url: 'https://api.example/x', tags: ['t'] }, accepts: [requirement], extra: 'kept' };
const variants = (base: Record<string, unknown>, edits: Record<string, unknown>[]): unknown[] => edits.map((e) => ({ ...base, ...e }));

const paymentRequiredCases: unknown[] = [
  required,
  ...variants(required, [
    { error: null },
    { error: 'payment required' },
    { extensions: null },
    { extensions: { bazaar: {} } },
    { x402Version: 1 },
    { accepts: [] },
    { resource: { url: '' } },
    { resource: {} },
    { accepts: [{ ...requirement, extra: null }] },
    { accepts: [{ ...requirement, extra: undefined }] },
    { accepts: [{ ...requirement, network: 'solana' }] },
    { accepts: [{ ...requirement, network: 'eip155:8453' }] },
    { accepts: [{ ...requirement, amount: '01' }] },
    { accepts: [{ ...requirement, amount: 5 }] },
    { accepts: [{ ...requirement, maxTimeoutSeconds: 0 }] },
    { accepts: [{ ...requirement, maxTimeoutSeconds: 1.5 }] },
    { accepts: [{ ...requirement, scheme: '' }] },
  ]),
  null,
  'text',
  [],
];

const settle = { success: true, transaction: 'sig', network: 'solana:devnet', payer: MINT, amount: '10' };
const settleCases: unknown[] = [
  settle,
  ...variants(settle, [{ errorReason: null }, { amount: 'x' }, { success: 'yes' }, { network: 'nope' }, { extensionResponses: { a: 1 } }, { extra: null }]),
];

const kind = { x402Version: 2, scheme: 'session', network: 'solana:devnet', extra: { spender: MINT } };
const supportedCases: unknown[] = [
  { kinds: [kind] },
  { kinds: [kind, { x402Version: 1, scheme: 'exact', network: 'solana-devnet' }], extensions: ['x'], signers: { 'solana:*': [MINT] } },
  { kinds: [{ ...kind, extra: null }] },
  { kinds: [{ ...kind, x402Version: 0 }] },
  { kinds: [{ ...kind, network: '' }] },
  { kinds: 'none' },
  { kinds: [], signers: { a: 'b' } },
];

function verdict(schema: { safeParse(v: unknown): { success: boolean; data?: unknown } }, value: unknown): unknown {
  const r = schema.safeParse(value);
  return r.success ? { ok: true, data: r.data } : { ok: false };
}

describe('client zod/mini readers agree with the full-zod wire schemas', () => {
  it('PAYMENT-REQUIRED', () => {
    for (const c of paymentRequiredCases) expect(verdict(PaymentRequiredMini, c)).toEqual(verdict(PaymentRequiredSchema, c));
    expect((PaymentRequiredMini.parse(required).accepts[0] as { network: string }).network).toBe('solana:EtWTRABZaYq6iMfeYKouRu166VU2xqa1');
  });

  it('PAYMENT-RESPONSE', () => {
    for (const c of settleCases) expect(verdict(SettleResponseMini, c)).toEqual(verdict(SettleResponseSchema, c));
  });

  it('/supported', () => {
    for (const c of supportedCases) expect(verdict(SupportedResponseMini, c)).toEqual(verdict(SupportedResponseSchema, c));
  });
});
