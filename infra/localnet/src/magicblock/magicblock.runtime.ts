import type { Keypair, PublicKey } from '@solana/web3.js';
import type { ResolvedMagicBlockConfig } from './magicblock.config';
import type { EntrySealer } from './sealed-entry.codec';

/**
 * What the emulated programs share with the API and the crank. The programs exist before the
 * chain starts (the core places them), but the seal key and the crank key are only known once the
 * module starts, hence the late binding.
 */
export class MagicBlockRuntime {
  private sealerRef: EntrySealer | null = null;
  private crankRef: Keypair | null = null;

  constructor(
    readonly config: ResolvedMagicBlockConfig,
    readonly nowMs: () => number = Date.now,
    readonly random: () => number = Math.random,
  ) {}

  bind(sealer: EntrySealer, crank: Keypair): void {
    this.sealerRef = sealer;
    this.crankRef = crank;
  }

  get sealer(): EntrySealer {
    if (!this.sealerRef) throw new Error('MagicBlock module not started');
    return this.sealerRef;
  }

  get crank(): Keypair {
    if (!this.crankRef) throw new Error('MagicBlock module not started');
    return this.crankRef;
  }

  get programId(): PublicKey {
    return this.config.privatePaymentsProgramId;
  }
}
