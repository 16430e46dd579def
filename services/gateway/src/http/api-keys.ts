import { createHash, timingSafeEqual } from 'node:crypto';
import { inspect } from 'node:util';

/**
 * The resource-server API keys. Stored as SHA-256 digests so comparison is constant-time and
 * the config object can be logged or inspected without leaking a key.
 */
export class ApiKeys {
  private constructor(private readonly digests: readonly Buffer[]) {}

  /** Comma-separated list; blanks ignored. Empty or unset means "no key required". */
  static parse(list: string | undefined): ApiKeys {
    const keys = (list ?? '')
      .split(',')
      .map((k) => k.trim())
      .filter((k) => k.length > 0);
    return new ApiKeys(keys.map(digest));
  }

  get required(): boolean {
    return this.digests.length > 0;
  }

  /** The keys' SHA-256 digests, so the admin config can refuse a key that is also an API key. */
  get keyDigests(): readonly Buffer[] {
    return this.digests;
  }

  accepts(candidate: string): boolean {
    return this.identify(candidate) !== undefined;
  }

  /**
   * A stable, non-secret id of the key `candidate` is (a digest prefix: the same on every replica,
   * useless for guessing the key), or undefined when it is none of them. Rate limits count per id.
   */
  identify(candidate: string): string | undefined {
    const d = digest(candidate);
    // Compare against every key so the time taken does not reveal which one matched.
    const found = this.digests.reduce<Buffer | undefined>((match, key) => (timingSafeEqual(key, d) ? key : match), undefined);
    return found?.subarray(0, 8).toString('hex');
  }

  toJSON(): string {
    return `[${this.digests.length} api keys]`;
  }

  [inspect.custom](): string {
    return this.toJSON();
  }
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}
