import { base64ToBytes, bytesToBase64, QuietpayError } from '@quietpay/x402';
import type { FetchLike } from '../facilitator/facilitator.client';

/*
 * The few Solana JSON-RPC calls the SDK makes, over fetch: no web3.js (97 KB gzipped in a browser
 * bundle, and Buffer underneath). Answers are checked for the fields read; an RPC error or a
 * malformed answer throws SolanaRpcError (the callers map it to their typed errors).
 */

/** The SDK's commitment levels. */
export type RpcCommitment = 'processed' | 'confirmed' | 'finalized';

/** Where the SDK sends RPC calls: a URL, or a web3.js `Connection` (its `rpcEndpoint` is used). */
export interface RpcEndpoint {
  readonly rpcEndpoint: string;
}

/** An RPC call failed: unreachable, an HTTP error, a JSON-RPC error or an answer without the expected fields. */
export class SolanaRpcError extends QuietpayError {
  override readonly name: string = 'SolanaRpcError';
  constructor(
    message: string,
    readonly rpcCode?: number,
    options?: { cause?: unknown; retryable?: boolean },
  ) {
    super(message, { code: 'rpc_unreachable', retryable: options?.retryable ?? true, phase: 'rpc', cause: options?.cause });
  }
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A simulation's outcome: the error (null on success), logs, and the requested accounts' data. */
export interface SimulationResult {
  readonly err: unknown;
  readonly logs: readonly string[];
  readonly accounts: readonly (Uint8Array | null)[];
}

/** A signature's status as `getSignatureStatuses` reports it. */
export interface SignatureStatus {
  readonly slot: number;
  readonly err: unknown;
  readonly confirmationStatus: RpcCommitment | null;
}

/**
 * A minimal Solana JSON-RPC client.
 *
 * @example
 * const rpc = new SolanaRpc('http://127.0.0.1:8899');
 * const { blockhash } = await rpc.getLatestBlockhash('confirmed');
 */
export class SolanaRpc {
  private nextId = 1;

  constructor(
    readonly endpoint: string,
    private readonly fetchImpl: FetchLike = (i, init) => globalThis.fetch(i, init),
  ) {}

  /** From `rpcUrl` or a `connection` (web3.js Connection or anything with `rpcEndpoint`). */
  static of(source: string | RpcEndpoint, fetchImpl?: FetchLike): SolanaRpc {
    return new SolanaRpc(typeof source === 'string' ? source : source.rpcEndpoint, fetchImpl);
  }

  private async call(method: string, params: unknown[]): Promise<unknown> {
    let res: Response;
    try {
      res = await this.fetchImpl(this.endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ jsonrpc: '2.0', id: this.nextId++, method, params }),
      });
    } catch (err) {
      throw new SolanaRpcError(`${method}: RPC ${this.endpoint} unreachable: ${err instanceof Error ? err.message : String(err)}`, undefined, { cause: err });
    }
    const text = await res.text();
    if (!res.ok)
      throw new SolanaRpcError(`${method}: RPC answered HTTP ${res.status} ${text.slice(0, 200)}`, undefined, {
        retryable: res.status >= 500 || res.status === 429,
      });
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch (err) {
      throw new SolanaRpcError(`${method}: RPC answer is not JSON`, undefined, { cause: err });
    }
    if (!isRecord(body)) throw new SolanaRpcError(`${method}: RPC answer is not a JSON-RPC object`);
    if (isRecord(body['error'])) {
      const code = typeof body['error']['code'] === 'number' ? body['error']['code'] : undefined;
      throw new SolanaRpcError(`${method}: ${String(body['error']['message'] ?? 'RPC error')}`, code, { retryable: false });
    }
    return body['result'];
  }

  private static value(method: string, result: unknown): unknown {
    if (!isRecord(result) || !('value' in result)) throw new SolanaRpcError(`${method}: answer has no value`);
    return result['value'];
  }

  async getLatestBlockhash(commitment: RpcCommitment = 'confirmed'): Promise<{ blockhash: string; lastValidBlockHeight: number }> {
    const v = SolanaRpc.value('getLatestBlockhash', await this.call('getLatestBlockhash', [{ commitment }]));
    if (!isRecord(v) || typeof v['blockhash'] !== 'string' || typeof v['lastValidBlockHeight'] !== 'number') {
      throw new SolanaRpcError('getLatestBlockhash: answer has no blockhash');
    }
    return { blockhash: v['blockhash'], lastValidBlockHeight: v['lastValidBlockHeight'] };
  }

  /** Account data, or null when the account does not exist. */
  async getAccountData(address: string, commitment: RpcCommitment = 'confirmed'): Promise<Uint8Array | null> {
    const v = SolanaRpc.value('getAccountInfo', await this.call('getAccountInfo', [address, { commitment, encoding: 'base64' }]));
    return v === null ? null : accountData('getAccountInfo', v);
  }

  /** Simulates a transaction without checking signatures, returning the listed accounts' data after it. */
  async simulate(transaction: Uint8Array, accounts: readonly string[], commitment: RpcCommitment = 'confirmed'): Promise<SimulationResult> {
    const v = SolanaRpc.value(
      'simulateTransaction',
      await this.call('simulateTransaction', [
        bytesToBase64(transaction),
        { encoding: 'base64', sigVerify: false, commitment, accounts: { encoding: 'base64', addresses: accounts } },
      ]),
    );
    if (!isRecord(v)) throw new SolanaRpcError('simulateTransaction: answer has no value');
    const logs = Array.isArray(v['logs']) ? v['logs'].filter((l): l is string => typeof l === 'string') : [];
    const listed = Array.isArray(v['accounts']) ? v['accounts'] : [];
    return { err: v['err'] ?? null, logs, accounts: listed.map((a) => (a === null ? null : accountData('simulateTransaction', a))) };
  }

  /** Sends signed wire bytes; the transaction signature (base58). */
  async sendTransaction(transaction: Uint8Array, commitment: RpcCommitment = 'confirmed'): Promise<string> {
    const result = await this.call('sendTransaction', [bytesToBase64(transaction), { encoding: 'base64', preflightCommitment: commitment, maxRetries: 5 }]);
    if (typeof result !== 'string') throw new SolanaRpcError('sendTransaction: answer is not a signature');
    return result;
  }

  async getSignatureStatus(signature: string): Promise<SignatureStatus | null> {
    const v = SolanaRpc.value('getSignatureStatuses', await this.call('getSignatureStatuses', [[signature], { searchTransactionHistory: true }]));
    const s = Array.isArray(v) ? v[0] : undefined;
    if (s === null || s === undefined) return null;
    if (!isRecord(s) || typeof s['slot'] !== 'number') throw new SolanaRpcError('getSignatureStatuses: malformed status');
    const level = s['confirmationStatus'];
    return {
      slot: s['slot'],
      err: s['err'] ?? null,
      confirmationStatus: level === 'processed' || level === 'confirmed' || level === 'finalized' ? level : null,
    };
  }

  async getBlockHeight(commitment: RpcCommitment = 'confirmed'): Promise<number> {
    const result = await this.call('getBlockHeight', [{ commitment }]);
    if (typeof result !== 'number') throw new SolanaRpcError('getBlockHeight: answer is not a number');
    return result;
  }

  /** How many signatures touch `address` (up to `limit`). */
  async countSignatures(address: string, limit: number, commitment: RpcCommitment = 'confirmed'): Promise<number> {
    const result = await this.call('getSignaturesForAddress', [address, { limit, commitment }]);
    if (!Array.isArray(result)) throw new SolanaRpcError('getSignaturesForAddress: answer is not a list');
    return result.length;
  }
}

function accountData(method: string, account: unknown): Uint8Array {
  const data = isRecord(account) ? account['data'] : undefined;
  if (!Array.isArray(data) || typeof data[0] !== 'string') throw new SolanaRpcError(`${method}: account data is not base64`);
  try {
    return base64ToBytes(data[0]);
  } catch (err) {
    // atob's DOMException on junk characters: the same answer would come back, so not retryable.
    throw new SolanaRpcError(`${method}: account data is not base64`, undefined, { cause: err, retryable: false });
  }
}
