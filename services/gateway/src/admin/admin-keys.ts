import { createHash, timingSafeEqual } from 'node:crypto';
import { inspect } from 'node:util';

/** One admin key as held in memory: its id and the SHA-256 of the key, never the key. */
interface AdminKeyEntry {
  readonly id: string;
  readonly digest: Buffer;
}

const MIN_KEY_CHARS = 32;
const DIGEST_LINE = /^sha256:([0-9a-f]{64})$/i;
const ID_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;

/**
 * The operators' admin keys, from ADMIN_KEYS_FILE. One key per line, `#` comments and blank lines
 * ignored; a line is `<id> <key>` or `<id> sha256:<hex digest of the key>` (so the file need not
 * hold a usable key). Compared as SHA-256 digests in constant time against every entry; the id
 * names the caller in the audit log.
 *
 * @example
 * // ADMIN_KEYS_FILE
 * // alice sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08
 * // ci    3c1f...a 32+ character random key
 */
export class AdminKeys {
  private constructor(private readonly entries: readonly AdminKeyEntry[]) {}

  /** Parses the file's text; throws an Error naming the line (never its content) when malformed. */
  static parse(text: string): AdminKeys {
    const entries: AdminKeyEntry[] = [];
    text.split(/\r?\n/).forEach((raw, index) => {
      const line = raw.trim();
      if (line === '' || line.startsWith('#')) return;
      const [id, value, ...rest] = line.split(/\s+/);
      const where = `line ${index + 1}`;
      if (id === undefined || value === undefined || rest.length > 0) throw new Error(`${where}: expected "<id> <key>" or "<id> sha256:<hex>"`);
      if (!ID_PATTERN.test(id)) throw new Error(`${where}: the id must be 1-64 of [A-Za-z0-9._-]`);
      if (entries.some((e) => e.id === id)) throw new Error(`${where}: duplicate id ${id}`);
      const hashed = DIGEST_LINE.exec(value);
      if (!hashed && value.length < MIN_KEY_CHARS) throw new Error(`${where}: a key must be at least ${MIN_KEY_CHARS} characters`);
      entries.push({ id, digest: hashed?.[1] ? Buffer.from(hashed[1], 'hex') : digestOf(value) });
    });
    if (entries.length === 0) throw new Error('no admin key in the file');
    return new AdminKeys(entries);
  }

  get size(): number {
    return this.entries.length;
  }

  /** The id of the admin key `candidate` is, or undefined. Every entry is compared, so timing says nothing. */
  identify(candidate: string): string | undefined {
    const d = digestOf(candidate);
    return this.entries.reduce<string | undefined>((match, entry) => (timingSafeEqual(entry.digest, d) ? entry.id : match), undefined);
  }

  /** The admin key ids whose digest is one of `digests` (a resource-server key also configured as an admin key). */
  overlapping(digests: readonly Buffer[]): string[] {
    return this.entries.filter((e) => digests.some((d) => timingSafeEqual(d, e.digest))).map((e) => e.id);
  }

  toJSON(): string {
    return `[${this.entries.length} admin keys]`;
  }

  [inspect.custom](): string {
    return this.toJSON();
  }
}

export function digestOf(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}
