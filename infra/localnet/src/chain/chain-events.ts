import type { PublicKey } from '@solana/web3.js';
import type { TxRecord } from './tx-record';

type Listener<T> = (value: T) => void;

/** A tiny typed fan-out; listeners that throw are isolated from each other and from the chain. */
export class Signal<T> {
  private readonly listeners = new Set<Listener<T>>();

  on(listener: Listener<T>): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(value: T): void {
    for (const l of this.listeners) {
      try {
        l(value);
      } catch (e) {
        process.stderr.write(`localnet: listener failed: ${String(e)}\n`);
      }
    }
  }
}

export interface ChainEvents {
  slot: Signal<bigint>;
  transaction: Signal<TxRecord>;
  accounts: Signal<PublicKey[]>;
}
