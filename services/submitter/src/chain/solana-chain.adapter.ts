import { Connection, SendTransactionError } from '@solana/web3.js';
import type { SettlementChain } from '../ports/settlement-chain.port';
import { SignatureState } from '../worker/resume.decision';

export interface LandedSignature extends SignatureState {
  readonly slot?: number;
}

/**
 * The RPC node answered the send with an error (preflight failure, signature failure, unhealthy):
 * it did not forward the bytes, so this send cannot make them land. A transport failure (no answer)
 * is not this: the node may have forwarded them.
 */
export class SendRefusedError extends Error {
  constructor(message: string, options: { cause: unknown }) {
    super(message, options);
    this.name = 'SendRefusedError';
  }
}

/** The submitter's edge to Solana RPC: send with preflight, read statuses and block height. */
export class SolanaChain implements SettlementChain {
  private readonly connection: Connection;

  constructor(rpcUrl: string) {
    this.connection = new Connection(rpcUrl, 'confirmed');
  }

  /** Sends signed wire bytes. Preflight stays on so a doomed transaction fails here, not on chain. */
  async send(wire: Uint8Array): Promise<string> {
    // maxRetries 0: the submitter owns retrying (it must check the old signature before each re-send).
    // Preflight on the latest (`processed`) state: a pipelined coalesced flush sends a transfer built
    // on the handle its processed, unconfirmed predecessor left (a preflight at `confirmed` would
    // not see that handle yet and refuse it as stale).
    try {
      return await this.connection.sendRawTransaction(wire, { skipPreflight: false, preflightCommitment: 'processed', maxRetries: 0 });
    } catch (error) {
      if (error instanceof SendTransactionError) throw new SendRefusedError(error.message, { cause: error });
      throw error;
    }
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
