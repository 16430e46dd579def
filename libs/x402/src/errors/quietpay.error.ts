/** What a QuietpayError carries besides its message. */
export interface QuietpayErrorDetails {
  /** Stable, machine-readable cause (snake_case); the set is documented per package. */
  readonly code: string;
  /** Trying the same call again (later) can succeed without paying twice. */
  readonly retryable?: boolean;
  /** The option or input field that was wrong, for configuration and input errors. */
  readonly field?: string;
  /** Where in a flow the failure happened (`quote`, `send`, `settle`, `verify`, `startup`, …). */
  readonly phase?: string;
  readonly cause?: unknown;
}

// Both published packages inline this class, so an app that installs @quietpay/sdk and
// @quietpay/server holds two copies of it: `instanceof QuietpayError` checks a global brand
// rather than the prototype chain, so it holds across copies (and across bundler duplicates).
const BRAND = Symbol.for('quietpay.error');

/**
 * The one error type every quietpay package throws (subclasses add context): branch on `code`,
 * retry when `retryable`, report `field`/`phase`.
 *
 * @example
 * try { await session.fetch(url); }
 * catch (e) { if (e instanceof QuietpayError && e.retryable) scheduleRetry(); else throw e; }
 */
export class QuietpayError extends Error {
  readonly code: string;
  readonly retryable: boolean;
  readonly field: string | undefined;
  readonly phase: string | undefined;

  constructor(message: string, details: QuietpayErrorDetails) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'QuietpayError';
    this.code = details.code;
    this.retryable = details.retryable ?? false;
    this.field = details.field;
    this.phase = details.phase;
    Object.defineProperty(this, BRAND, { value: true });
  }

  static override [Symbol.hasInstance](value: unknown): boolean {
    // Subclasses keep ordinary prototype checks; only the base class matches by brand.
    if (this !== QuietpayError) return Function.prototype[Symbol.hasInstance].call(this, value);
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
  }
}

/**
 * An option object (or argument) a caller passed is invalid; `field` names it. Thrown before any
 * I/O, so nothing was paid or sent.
 *
 * @example
 * throw new InvalidOptionError('createSession', 'cap', 'must be positive', '0');
 */
export class InvalidOptionError extends QuietpayError {
  override readonly name: string = 'InvalidOptionError';
  override readonly field: string;

  constructor(where: string, field: string, problem: string, value?: unknown) {
    super(`${where}: option \`${field}\` ${problem}${value === undefined ? '' : ` (got ${describe(value)})`}`, {
      code: 'invalid_option',
      field,
      phase: 'options',
    });
    this.field = field;
  }
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value);
  if (typeof value === 'bigint') return `${value}n`;
  if (value === null || typeof value !== 'object') return String(value);
  return Array.isArray(value) ? 'an array' : 'an object';
}
