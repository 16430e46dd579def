import type { PublicKey } from '@solana/web3.js';
import type { AccountStore, EmulatedAccount } from './types';

function clone(a: EmulatedAccount): EmulatedAccount {
  return { lamports: a.lamports, owner: a.owner, data: a.data.slice(), executable: a.executable };
}

/**
 * A write-back-free view for one transaction: reads see earlier writes of the same transaction,
 * then the simulated post-state, then the chain. Nothing reaches the chain until `writes()` is applied.
 */
export class StagedAccountStore implements AccountStore {
  private readonly staged = new Map<string, { address: PublicKey; account: EmulatedAccount }>();

  constructor(private readonly base: (address: PublicKey) => EmulatedAccount | null) {}

  get(address: PublicKey): EmulatedAccount | null {
    const s = this.staged.get(address.toBase58());
    if (s !== undefined) return clone(s.account);
    const b = this.base(address);
    return b === null ? null : clone(b);
  }

  set(address: PublicKey, account: EmulatedAccount): void {
    this.staged.set(address.toBase58(), { address, account: clone(account) });
  }

  writes(): { address: PublicKey; account: EmulatedAccount }[] {
    return [...this.staged.values()];
  }
}
