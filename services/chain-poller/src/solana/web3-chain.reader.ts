import { Connection, PublicKey, type Finality } from '@solana/web3.js';
import { chainPollerError } from '../chain-poller.errors';
import type { ChainReader, FetchedTransaction, SignatureRef } from './chain-reader.port';

/** ChainReader over a web3.js Connection; RPC failures become retryable `rpc_error`s. */
export class Web3ChainReader implements ChainReader {
  constructor(
    private readonly connection: Connection,
    private readonly commitment: Finality,
  ) {}

  async signaturesPage(address: string, page: { until?: string; before?: string; limit: number }): Promise<SignatureRef[]> {
    const infos = await this.rpc('getSignaturesForAddress', () => this.connection.getSignaturesForAddress(new PublicKey(address), page, this.commitment));
    return infos.map((i) => ({ signature: i.signature, slot: i.slot, failed: i.err !== null }));
  }

  async getTransaction(signature: string): Promise<FetchedTransaction> {
    const result = await this.rpc('getTransaction', () =>
      this.connection.getTransaction(signature, { maxSupportedTransactionVersion: 0, commitment: this.commitment }),
    );
    return { signature, result, blockTime: result?.blockTime ?? undefined };
  }

  private async rpc<T>(method: string, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (cause) {
      throw chainPollerError('rpc_error', `${method} failed`, { context: { method }, cause });
    }
  }
}
