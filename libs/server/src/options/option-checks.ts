import { InvalidOptionError } from '@quietpay/x402';

// Startup checks for paywall options: each throws an InvalidOptionError naming the field, so a
// typo stops the server at boot instead of turning every paid request into an error.

// One definition with the SDK's option checks.
export { requireAddress, requireHttpUrl } from '@quietpay/x402';

export function requireOptionalPositiveInteger(where: string, field: string, value: unknown): void {
  if (value === undefined) return;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value <= 0) throw new InvalidOptionError(where, field, 'must be a positive integer', value);
}

export function requireOneOf<T extends string>(where: string, field: string, value: unknown, allowed: readonly T[]): void {
  if (value === undefined) return;
  if (!allowed.includes(value as T)) throw new InvalidOptionError(where, field, `must be one of ${allowed.map((a) => `'${a}'`).join(', ')}`, value);
}
