import { PublicKey } from '@solana/web3.js';
import bs58 from 'bs58';
import { invalidParams } from './rpc-error';

/** Positional params as JSON-RPC delivers them; every accessor validates and throws -32602. */
export class Params {
  constructor(private readonly list: readonly unknown[]) {}

  static from(raw: unknown): Params {
    if (raw === undefined || raw === null) return new Params([]);
    if (!Array.isArray(raw)) throw invalidParams('params must be an array');
    return new Params(raw);
  }

  raw(i: number): unknown {
    return this.list[i];
  }

  pubkey(i: number): PublicKey {
    const v = this.list[i];
    if (typeof v !== 'string' || v.length < 32 || v.length > 44) throw invalidParams(`param ${i}: expected a base58 public key`);
    try {
      const bytes = bs58.decode(v);
      if (bytes.length !== 32) throw new Error('length');
      return new PublicKey(bytes);
    } catch {
      throw invalidParams(`param ${i}: invalid public key`);
    }
  }

  string(i: number, what: string): string {
    const v = this.list[i];
    if (typeof v !== 'string') throw invalidParams(`param ${i}: expected ${what}`);
    return v;
  }

  signature(i: number): string {
    const v = this.string(i, 'a base58 signature');
    let ok = false;
    try {
      ok = v.length <= 88 && bs58.decode(v).length === 64;
    } catch {
      ok = false;
    }
    if (!ok) throw invalidParams(`param ${i}: invalid signature`);
    return v;
  }

  uint(i: number, what: string): number {
    const v = this.list[i];
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) throw invalidParams(`param ${i}: expected ${what}`);
    return v;
  }

  array(i: number, what: string): unknown[] {
    const v = this.list[i];
    if (!Array.isArray(v)) throw invalidParams(`param ${i}: expected ${what}`);
    return v;
  }

  /** The trailing config object (optional). */
  config(i: number): Config {
    const v = this.list[i];
    if (v === undefined || v === null) return new Config({});
    if (typeof v !== 'object' || Array.isArray(v)) throw invalidParams(`param ${i}: expected a config object`);
    return new Config(v as Record<string, unknown>);
  }
}

export class Config {
  constructor(readonly values: Record<string, unknown>) {}

  bool(key: string, fallback: boolean): boolean {
    const v = this.values[key];
    if (v === undefined || v === null) return fallback;
    if (typeof v !== 'boolean') throw invalidParams(`${key} must be a boolean`);
    return v;
  }

  optString(key: string): string | undefined {
    const v = this.values[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'string') throw invalidParams(`${key} must be a string`);
    return v;
  }

  optUint(key: string): number | undefined {
    const v = this.values[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) throw invalidParams(`${key} must be a non-negative integer`);
    return v;
  }

  oneOf<T extends string>(key: string, allowed: readonly T[], fallback: T): T {
    const v = this.values[key];
    if (v === undefined || v === null) return fallback;
    if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) {
      throw invalidParams(`${key} must be one of ${allowed.join(', ')}`);
    }
    return v as T;
  }

  raw(key: string): unknown {
    return this.values[key];
  }
}
