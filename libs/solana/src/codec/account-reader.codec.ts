import { PublicKey } from '@solana/web3.js';
import { readUintLE } from './little-endian.codec';

import { AccountLayoutError } from './account-layout.error';

export { AccountLayoutError };

/** A forward-only reader over Borsh-encoded account data; every read is bounds-checked. */
export class AccountReader {
  private pos = 0;
  constructor(private readonly data: Uint8Array) {}

  get offset(): number {
    return this.pos;
  }

  private take(n: number): Uint8Array {
    if (this.pos + n > this.data.length) throw new AccountLayoutError(`read of ${n} bytes at ${this.pos} overruns ${this.data.length}`);
    const out = this.data.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  bytes(n: number): Uint8Array {
    return this.take(n);
  }
  u8(): number {
    return this.take(1)[0] ?? 0;
  }
  bool(): boolean {
    const v = this.u8();
    if (v > 1) throw new AccountLayoutError(`bool byte ${v} at ${this.pos - 1}`);
    return v === 1;
  }
  u64(): bigint {
    return readUintLE(this.take(8), 0, 8);
  }
  u128(): bigint {
    return readUintLE(this.take(16), 0, 16);
  }
  pubkey(): PublicKey {
    return new PublicKey(this.take(32));
  }
  /** Anchor-serialised COption/Option: a 1-byte tag (0 None, 1 Some), then the value only if Some. */
  option<T>(read: () => T): T | null {
    const tag = this.u8();
    if (tag === 0) return null;
    if (tag === 1) return read();
    throw new AccountLayoutError(`option tag ${tag} at ${this.pos - 1}`);
  }
}

/** Checks the 8-byte Anchor discriminator at the start of account data. */
export function expectDiscriminator(data: Uint8Array, expected: Uint8Array, what: string): void {
  if (data.length < 8 || !expected.every((b, i) => data[i] === b)) throw new AccountLayoutError(`not an ${what} account`);
}
