import type { JsonTransactionError } from '../svm/tx-error.mapper';
import type { InnerInstructionRecord } from '../svm/svm-result.reader';

export interface TokenBalanceRecord {
  accountIndex: number;
  mint: string;
  owner: string;
  programId: string;
  amount: string;
  decimals: number;
}

/** Everything getTransaction / getSignaturesForAddress / getSignatureStatuses need about a landed transaction. */
export interface TxRecord {
  signature: string;
  slot: number;
  blockTime: number;
  /** Order of landing, for stable newest-first listings within a slot. */
  seq: number;
  /** The wire bytes, base64. */
  wire: string;
  version: 'legacy' | 0;
  accountKeys: string[];
  loadedWritable: string[];
  loadedReadonly: string[];
  err: JsonTransactionError | null;
  fee: number;
  computeUnits: number;
  logs: string[];
  inner: { index: number; instructions: InnerInstructionRecord[] }[];
  preBalances: number[];
  postBalances: number[];
  preTokenBalances: TokenBalanceRecord[];
  postTokenBalances: TokenBalanceRecord[];
}
