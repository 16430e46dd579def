/**
 * The covalidator's plaintext store: u128 handles → u128 values. Shared in-process by the
 * emulated Inco Lightning operations (which create handles) and the covalidator HTTP stand-in
 * (which reveals them). Handles are deterministic (sha256 of the operation and its inputs), as
 * on the real network, so a simulation and the real execution of the same transaction agree on
 * every new handle.
 */
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { sha256 } from '@noble/hashes/sha2';
import { leToU128 } from './borsh.codec';

export class HandleStore {
  private readonly values = new Map<bigint, bigint>();
  private pending: string[] = [];
  private file: string | null = null;

  /** The handle of `op` applied to `inputs`: the first 16 bytes of sha256 as u128 LE, never 0. */
  static derive(op: string, ...inputs: Uint8Array[]): bigint {
    const parts = [new TextEncoder().encode(op), Uint8Array.of(0), ...inputs];
    const buf = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const p of parts) {
      buf.set(p, at);
      at += p.length;
    }
    const h = leToU128(sha256(buf).subarray(0, 16));
    return h === 0n ? 1n : h; // 0 means "uninitialised" on chain
  }

  /**
   * Records a value. `durable` is false for simulations: the value is kept (the same handle will
   * come back when the transaction is sent) but not written to disk.
   */
  put(handle: bigint, value: bigint, durable: boolean): void {
    const known = this.values.has(handle);
    this.values.set(handle, value);
    if (durable && !known && this.file) this.pending.push(`${handle} ${value}\n`);
  }

  get(handle: bigint): bigint | undefined {
    return this.values.get(handle);
  }

  /** Loads earlier values from `file` and appends new durable ones to it from now on. */
  attach(file: string): void {
    if (existsSync(file)) {
      for (const line of readFileSync(file, 'utf8').split('\n')) {
        const [h, v] = line.trim().split(' ');
        if (h && v && /^\d+$/.test(h) && /^\d+$/.test(v)) this.values.set(BigInt(h), BigInt(v));
      }
    }
    this.file = file;
  }

  /** Writes buffered durable values (batched so the transaction path does no file I/O). */
  flush(): void {
    if (!this.file || this.pending.length === 0) return;
    const lines = this.pending.join('');
    this.pending = [];
    appendFileSync(this.file, lines);
  }
}
