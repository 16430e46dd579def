/** A signature under a watched address, newest first as the RPC returns them. */
export interface SignatureRef {
  readonly signature: string;
  readonly slot: number;
  readonly failed: boolean;
}

/** A transaction as fetched: the raw getTransaction result (null when the node does not have it yet). */
export interface FetchedTransaction {
  readonly signature: string;
  readonly result: unknown;
  readonly blockTime: number | undefined;
}

/** The part of Solana RPC the poller needs; the use cases depend on this, not on web3.js. */
export interface ChainReader {
  /** One page, newest first, strictly after `until` (exclusive) and strictly before `before`. */
  signaturesPage(address: string, page: { until?: string; before?: string; limit: number }): Promise<SignatureRef[]>;
  getTransaction(signature: string): Promise<FetchedTransaction>;
}
