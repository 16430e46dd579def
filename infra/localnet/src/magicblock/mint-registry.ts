import type { PublicKey } from '@solana/web3.js';
import { mintAddresses, type MintAddresses } from './magicblock.pda';

/** The (mint, validator) pairs whose vault and queue this stand-in has set up. */
export class MintRegistry {
  private readonly byKey = new Map<string, MintAddresses>();

  constructor(private readonly programId: PublicKey) {}

  add(mint: PublicKey, validator: PublicKey): MintAddresses {
    const addrs = mintAddresses(this.programId, mint, validator);
    this.byKey.set(this.key(mint, validator), addrs);
    return addrs;
  }

  get(mint: PublicKey, validator: PublicKey): MintAddresses | undefined {
    return this.byKey.get(this.key(mint, validator));
  }

  /** Addresses a pair would use, registered or not (is-mint-initialized answers with them). */
  derive(mint: PublicKey, validator: PublicKey): MintAddresses {
    return mintAddresses(this.programId, mint, validator);
  }

  all(): MintAddresses[] {
    return [...this.byKey.values()];
  }

  private key(mint: PublicKey, validator: PublicKey): string {
    return `${mint.toBase58()}:${validator.toBase58()}`;
  }
}
