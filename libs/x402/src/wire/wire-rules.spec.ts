import bs58 from 'bs58';
import { describe, expect, it } from 'vitest';
import { isBase58Address, isPaymentId, isPositiveU64Decimal, isU64Decimal, PAYMENT_ID_PATTERN } from './wire-predicates';
import { Base58AddressSchema, PaymentIdSchema, PositiveU64StringSchema, U64StringSchema } from './wire-rules';

const U63 = '9223372036854775807';
const U64 = '18446744073709551615';
const ADDRESS_32 = bs58.encode(new Uint8Array(32).fill(7));

describe('wire rules: edge cases', () => {
  it.each([
    // [value, payment id, u64 amount, positive u64 amount]
    ['0', false, true, false],
    ['1', true, true, true],
    [U63, true, true, true],
    ['9223372036854775808', false, true, true],
    [U64, false, true, true],
    ['18446744073709551616', false, false, false],
    ['01', false, false, false],
    ['00', false, false, false],
    ['-1', false, false, false],
    ['+1', false, false, false],
    ['1.0', false, false, false],
    ['1e3', false, false, false],
    [' 1', false, false, false],
    ['1 ', false, false, false],
    ['0x10', false, false, false],
    ['１', false, false, false],
    ['', false, false, false],
    ['9'.repeat(5000), false, false, false],
    [1, false, false, false],
  ])('%s: payment id %s, u64 %s, positive u64 %s', (value, paymentId, u64, positive) => {
    expect(isPaymentId(value)).toBe(paymentId);
    expect(PaymentIdSchema.safeParse(value).success).toBe(paymentId);
    expect(isU64Decimal(value)).toBe(u64);
    expect(U64StringSchema.safeParse(value).success).toBe(u64);
    expect(isPositiveU64Decimal(value)).toBe(positive);
    expect(PositiveU64StringSchema.safeParse(value).success).toBe(positive);
  });

  it('the OpenAPI pattern admits exactly the ids the rule admits, but for the u63 bound', () => {
    const pattern = new RegExp(PAYMENT_ID_PATTERN);
    for (const id of ['1', U63, '9223372036854775808', '9999999999999999999']) expect(pattern.test(id)).toBe(true);
    for (const id of ['0', '01', '10000000000000000000', '-1']) expect(pattern.test(id)).toBe(false);
  });

  it.each([
    ['32 bytes', ADDRESS_32, true],
    ['all-zero key (32 leading 1s)', '1'.repeat(32), true],
    ['the system program', '11111111111111111111111111111111', true],
    ['a real mint', '9Cir3JKBcQ1mzasrQNKWMiGVZvYu3dxvfkGeQ6mohWWi', true],
    ['31 bytes', bs58.encode(new Uint8Array(31).fill(7)), false],
    ['33 bytes', bs58.encode(new Uint8Array(33).fill(7)), false],
    ['44 base58 characters that are more than 32 bytes', 'z'.repeat(44), false],
    ['a character outside base58 (0)', `0${ADDRESS_32.slice(1)}`, false],
    ['a character outside base58 (l)', `l${ADDRESS_32.slice(1)}`, false],
    ['padded', ` ${ADDRESS_32}`, false],
    ['empty', '', false],
    ['not a string', 32, false],
  ])('address %s: %s', (_name, value, ok) => {
    expect(isBase58Address(value)).toBe(ok);
    expect(Base58AddressSchema.safeParse(value).success).toBe(ok);
  });
});
