import { inspect } from 'node:util';

const REDACTED = '[redacted]';

/**
 * Holds a secret read from a file. Serialising or inspecting it yields `[redacted]`, so a
 * config object can be logged without leaking keys; only `reveal()` gives the bytes.
 */
export class Secret {
  readonly #value: Buffer;

  constructor(
    readonly sourcePath: string,
    value: Buffer,
  ) {
    this.#value = value;
  }

  reveal(): Buffer {
    return Buffer.from(this.#value);
  }

  toJSON(): string {
    return REDACTED;
  }

  toString(): string {
    return REDACTED;
  }

  [inspect.custom](): string {
    return `Secret(${this.sourcePath})`;
  }
}
