import { type RpcCommitment, type RpcEndpoint, SolanaRpc } from '../solana/solana-rpc.client';

/** Outcome of waiting for a sent transaction. */
export type ChainConfirmation =
  | { readonly kind: 'confirmed'; readonly slot: number }
  | { readonly kind: 'failed'; readonly error: unknown }
  /** The blockhash expired without the transaction landing: it can no longer land. */
  | { readonly kind: 'expired' }
  /** Deadline passed with the outcome unknown: the transaction may still land. */
  | { readonly kind: 'unknown' };

/** The base-chain operations the client needs; a port so unit tests can script them. */
export interface PrivateChainPort {
  sendRawTransaction(raw: Uint8Array): Promise<string>;
  confirm(signature: string, lastValidBlockHeight: number | undefined): Promise<ChainConfirmation>;
}

export interface ConnectionChainOptions {
  readonly commitment?: RpcCommitment;
  /** Poll cadence for signature status (default 400 ms, about a slot). */
  readonly pollMs?: number;
  /** Give up with `unknown` after this long (default 90 s, longer than a blockhash lives). */
  readonly confirmTimeoutMs?: number;
  readonly sleep?: (ms: number) => Promise<void>;
}

/**
 * {@link PrivateChainPort} over an RPC endpoint (a web3.js `Connection` fits: its `rpcEndpoint` is
 * used). Confirmation polls `getSignatureStatuses` rather than subscribing, so it works against
 * RPCs without WebSocket access.
 *
 * @example
 * const chain = connectionChain(new Connection(rpcUrl, 'confirmed'));
 */
export function connectionChain(connection: RpcEndpoint, options: ConnectionChainOptions = {}): PrivateChainPort {
  const rpc = SolanaRpc.of(connection);
  const commitment = options.commitment ?? 'confirmed';
  const pollMs = options.pollMs ?? 400;
  const timeoutMs = options.confirmTimeoutMs ?? 90_000;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  return {
    sendRawTransaction: (raw) => rpc.sendTransaction(raw, commitment),
    async confirm(signature, lastValidBlockHeight) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        const status = await rpc.getSignatureStatus(signature);
        if (status?.err) return { kind: 'failed', error: status.err };
        const level = status?.confirmationStatus;
        if (status && (level === 'finalized' || level === 'confirmed' || (commitment === 'processed' && level === 'processed'))) {
          return { kind: 'confirmed', slot: status.slot };
        }
        if (!status && lastValidBlockHeight !== undefined && (await rpc.getBlockHeight(commitment)) > lastValidBlockHeight) {
          // One last look: it may have landed between the two calls.
          if (!(await rpc.getSignatureStatus(signature))) return { kind: 'expired' };
          continue;
        }
        await sleep(pollMs);
      }
      return { kind: 'unknown' };
    },
  };
}

/** Convenience: the RPC at `rpcUrl` as a chain port. */
export function rpcChain(rpcUrl: string, options: ConnectionChainOptions = {}): PrivateChainPort {
  return connectionChain({ rpcEndpoint: rpcUrl }, options);
}
