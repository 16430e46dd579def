import { Connection } from '@solana/web3.js';
import { SignatureState } from '../worker/resume.decision';

export interface LandedSignature extends SignatureState {
  readonly slot?: number;
}

/** The submitter's edge to Solana RPC: send with preflight, read statuses and block height. */
export class SolanaChain {
  private readonly connection: Connection;

  constructor(rpcUrl: string) {
    this.connection = new Connection(rpcUrl, 'confirmed');
  }

  /** Sends signed wire bytes. Preflight stays on so a doomed transaction fails here, not on chain. */
  async send(wire: Uint8Array): Promise<string> {
    // maxRetries 0: the submitter owns retrying (it must check the old signature before each re-send).
    return this.connection.sendRawTransaction(wire, { skipPreflight: false, preflightCommitment: 'confirmed', maxRetries: 0 });
  }

  async status(signature: string): Promise<LandedSignature | undefined> {
    const { value } = await this.connection.getSignatureStatuses([signature], { searchTransactionHistory: true });
    const s = value[0];
    if (!s) return undefined;
    return { confirmationStatus: s.confirmationStatus ?? 'processed', err: s.err ?? undefined, slot: s.slot };
  }

  blockHeight(): Promise<number> {
    return this.connection.getBlockHeight('confirmed');
  }
}
