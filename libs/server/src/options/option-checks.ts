import { InvalidOptionError, isBase58Address } from '@quietpay/x402';

// Startup checks for paywall options: each throws an InvalidOptionError naming the field, so a
// typo stops the server at boot instead of turning every paid request into an error.

export function requireHttpUrl(where: string, field: string, value: unknown): string {
  let ok = false;
  if (typeof value === 'string') {
    try {
      const url = new URL(value);
      ok = url.protocol === 'http:' || url.protocol === 'https:';
    } catch {
      ok = false;
    }
  }
  if (!ok) throw new InvalidOptionError(where, field, 'must be an http(s) URL', value);
  return value as string;
}

/** A base58 Solana address (32 bytes). */
export function requireAddress(where: string, field: string, value: unknown): string {
  if (!isBase58Address(value)) throw new InvalidOptionError(where, field, 'must be a base58 Solana address', value);
  return value;
}

export function requireOptionalPositiveInteger(where: string, field: string, value: unknown): void {
  if (value === undefined) return;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value <= 0) throw new InvalidOptionError(where, field, 'must be a positive integer', value);
}

export function requireOneOf<T extends string>(where: string, field: string, value: unknown, allowed: readonly T[]): void {
  if (value === undefined) return;
  if (!allowed.includes(value as T)) throw new InvalidOptionError(where, field, `must be one of ${allowed.map((a) => `'${a}'`).join(', ')}`, value);
}
