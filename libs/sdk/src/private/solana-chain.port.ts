import { Connection, type Commitment } from '@solana/web3.js';

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
  readonly commitment?: Commitment;
  /** Poll cadence for signature status (default 400 ms, about a slot). */
  readonly pollMs?: number;
  /** Give up with `unknown` after this long (default 90 s, longer than a blockhash lives). */
  readonly confirmTimeoutMs?: number;
  readonly sleep?: (ms: number) => Promise<void>;
}

/**
 * {@link PrivateChainPort} over a web3.js `Connection`. Confirmation polls `getSignatureStatuses`
 * rather than subscribing, so it works against RPCs without WebSocket access.
 *
 * @example
 * const chain = connectionChain(new Connection(rpcUrl, 'confirmed'));
 */
export function connectionChain(connection: Connection, options: ConnectionChainOptions = {}): PrivateChainPort {
  const commitment = options.commitment ?? 'confirmed';
  const pollMs = options.pollMs ?? 400;
  const timeoutMs = options.confirmTimeoutMs ?? 90_000;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  return {
    sendRawTransaction: (raw) => connection.sendRawTransaction(raw, { preflightCommitment: commitment, maxRetries: 5 }),
    async confirm(signature, lastValidBlockHeight) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        const { value } = await connection.getSignatureStatuses([signature], { searchTransactionHistory: true });
        const status = value[0];
        if (status?.err) return { kind: 'failed', error: status.err };
        const level = status?.confirmationStatus;
        if (status && (level === 'finalized' || level === 'confirmed' || (commitment === 'processed' && level === 'processed'))) {
          return { kind: 'confirmed', slot: status.slot };
        }
        if (!status && lastValidBlockHeight !== undefined && (await connection.getBlockHeight(commitment)) > lastValidBlockHeight) {
          // One last look: it may have landed between the two calls.
          const again = (await connection.getSignatureStatuses([signature], { searchTransactionHistory: true })).value[0];
          if (!again) return { kind: 'expired' };
          continue;
        }
        await sleep(pollMs);
      }
      return { kind: 'unknown' };
    },
  };
}

/** Convenience: a {@link Connection} at `rpcUrl` wrapped as a chain port. */
export function rpcChain(rpcUrl: string, options: ConnectionChainOptions = {}): PrivateChainPort {
  return connectionChain(new Connection(rpcUrl, options.commitment ?? 'confirmed'), options);
}
