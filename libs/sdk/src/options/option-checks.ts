import { InvalidOptionError } from '@quietpay/x402';

// Option checks shared by the SDK's entry points. Each runs before any I/O and throws an
// InvalidOptionError naming the function and the field, so a typo never surfaces later as a
// web3.js or fetch error in the middle of a payment.

// One definition with the server's paywall checks.
export { requireAddress, requireHttpUrl } from '@quietpay/x402';

export function requirePositiveInteger(where: string, field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value <= 0) throw new InvalidOptionError(where, field, 'must be a positive integer', value);
  return value;
}

/** A token amount: base units as bigint, or whole units as a decimal string. Format only (decimals come later). */
export function requireAmount(where: string, field: string, value: unknown): bigint | string {
  if (typeof value === 'bigint') {
    if (value <= 0n) throw new InvalidOptionError(where, field, 'must be positive', value);
    return value;
  }
  if (typeof value !== 'string' || !/^\d+(?:\.\d+)?$/.test(value.trim())) {
    throw new InvalidOptionError(where, field, 'must be base units as a bigint or whole units as a decimal string like "2.5"', value);
  }
  return value;
}

/** The wallet shape every SDK entry point takes (see `WalletSigner`). */
export function requireWallet(where: string, field: string, value: unknown): void {
  const w = value as { publicKey?: unknown; signMessage?: unknown; signTransaction?: unknown } | null | undefined;
  const key = w?.publicKey as { toBase58?: unknown; toBytes?: unknown } | null | undefined;
  const keyOk = typeof key === 'object' && key !== null && typeof key.toBase58 === 'function' && typeof key.toBytes === 'function';
  if (typeof w !== 'object' || w === null || !keyOk || typeof w.signTransaction !== 'function') {
    throw new InvalidOptionError(
      where,
      field,
      'must be a wallet with a `publicKey` (toBase58, toBytes) and `signTransaction` (use keypairWallet(keypair) in Node)',
      value,
    );
  }
}
