import { writeUintLE } from '@quietpay/solana';
import { containsBytes, type VisibleTransaction } from './visible-transaction';

/** Where an observer found an amount it was looking for, and in which encoding. */
export interface AmountExposure {
  readonly amount: bigint;
  readonly where: 'instruction' | 'log';
  readonly encoding: 'u64-le' | 'u128-le' | 'u64-be' | 'decimal';
}

/**
 * Every place `tx` shows one of `amounts` in a plain encoding: little- or big-endian u64, u128, or
 * the decimal string in a log line. Amounts should be distinctive (≥ 4 digits, not round): tiny
 * values occur by chance in any byte string. Amounts are u64, as transfers carry them (a wider one
 * throws RangeError).
 *
 * @example
 * findAmountExposures(visibleParts(tx), [123_457n]); // [] when the amount is only in ciphertexts
 */
export function findAmountExposures(tx: VisibleTransaction, amounts: readonly bigint[]): AmountExposure[] {
  const found: AmountExposure[] = [];
  for (const amount of amounts) {
    const encodings: [AmountExposure['encoding'], Uint8Array][] = [
      ['u64-le', writeUintLE(amount, 8)],
      ['u128-le', writeUintLE(amount, 16)],
      ['u64-be', writeUintLE(amount, 8).reverse()],
    ];
    for (const [encoding, bytes] of encodings) {
      if (tx.instructionData.some((data) => containsBytes(data, bytes))) found.push({ amount, where: 'instruction', encoding });
    }
    const decimal = new RegExp(`(^|\\D)${amount.toString(10)}(\\D|$)`);
    if (tx.logs.some((line) => decimal.test(line))) found.push({ amount, where: 'log', encoding: 'decimal' });
  }
  return found;
}
