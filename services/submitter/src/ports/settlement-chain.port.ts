import type { LandedSignature } from '../chain/solana-chain.adapter';

/**
 * The submitter's edge to Solana RPC (adapter: chain/solana-chain.adapter.ts). `send` throws
 * SendRefusedError when the node answered with an error (it did not forward the bytes), anything
 * else when it did not answer (it may have).
 */
export interface SettlementChain {
  /** Sends signed wire bytes with preflight; answers the signature. */
  send(wire: Uint8Array): Promise<string>;
  /** What the cluster knows of a signature, searching history; undefined when it never saw it. */
  status(signature: string): Promise<LandedSignature | undefined>;
  blockHeight(): Promise<number>;
}
