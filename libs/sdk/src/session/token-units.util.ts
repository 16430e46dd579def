import { InvalidOptionError } from '@quietpay/x402';

/**
 * Converts a token amount in whole units ("2.5") to base units (2_500_000n at 6 decimals);
 * a bigint is taken as base units already. Refuses more fractional digits than the token has.
 *
 * @example
 * toBaseUnits('0.5', 6); // 500000n
 */
export function toBaseUnits(amount: bigint | string, decimals: number, field = 'amount'): bigint {
  if (typeof amount === 'bigint') return amount;
  const match = typeof amount === 'string' ? /^(\d+)(?:\.(\d+))?$/.exec(amount.trim()) : null;
  if (!match) throw new InvalidOptionError('toBaseUnits', field, 'is not a decimal amount', amount);
  const whole = match[1] ?? '0';
  const fraction = match[2] ?? '';
  if (fraction.length > decimals) throw new InvalidOptionError('toBaseUnits', field, `has more than the token's ${decimals} decimals`, amount);
  return BigInt(whole) * 10n ** BigInt(decimals) + BigInt(fraction.padEnd(decimals, '0') || '0');
}

/**
 * Formats base units as a decimal string in whole units, without trailing zeros.
 *
 * @example
 * formatUnits(2_500_000n, 6); // '2.5'
 */
export function formatUnits(amount: bigint, decimals: number): string {
  const negative = amount < 0n;
  const abs = negative ? -amount : amount;
  const base = 10n ** BigInt(decimals);
  const fraction = (abs % base).toString().padStart(decimals, '0').replace(/0+$/, '');
  return `${negative ? '-' : ''}${abs / base}${fraction ? `.${fraction}` : ''}`;
}
