import { QuietpayError } from '@quietpay/x402';
import bs58 from 'bs58';
import type { AddressLike } from '@quietpay/solana';
import type * as z from 'zod/mini';
import {
  apiErrorSchema,
  balanceSchema,
  challengeSchema,
  loginSchema,
  mintStatusSchema,
  unsignedTransactionSchema,
  type MintStatus,
  type UnsignedTransactionAnswer,
} from './payments-api.schemas';
import type { WalletSigner } from '../wallet/wallet-signer.types';
import { unboundFetch } from '../http/unbound-fetch';

/** A non-2xx answer (or an unreadable one) from the MagicBlock payments API. */
export class PaymentsApiError extends QuietpayError {
  override readonly name: string = 'PaymentsApiError';
  override readonly code: 'payments_api_unreachable' | 'payments_api_error';

  constructor(
    message: string,
    readonly status: number | undefined,
    readonly apiCode: string | undefined,
    options?: { cause?: unknown },
  ) {
    const code = status === undefined ? 'payments_api_unreachable' : 'payments_api_error';
    // Unreachable or a 5xx/429 may pass on retry; a 4xx means this request itself is wrong.
    super(message, { code, retryable: status === undefined || status >= 500 || status === 429, phase: 'payments-api', cause: options?.cause });
    this.code = code;
  }
}

export interface PrivateTransferRequest {
  readonly to: string;
  readonly amount: bigint;
  readonly clientRefId: string;
  readonly split?: number;
  readonly minDelayMs?: number;
  readonly maxDelayMs?: number;
}

// Tokens are refreshed this long before the API says they expire, so a request never races expiry.
const TOKEN_MARGIN_MS = 30_000;

/**
 * The `/v1/spl/...` routes of the MagicBlock payments API for one wallet and mint. Logs in lazily
 * (challenge → signMessage → login) and caches the bearer token.
 */
export class PaymentsApiClient {
  private readonly base: string;
  private session: { token: string; expiresAtMs: number } | undefined;
  // Held as a property and called as a method: unbound, or a browser's fetch throws "Illegal invocation".
  private readonly fetchImpl: typeof fetch;

  constructor(
    baseUrl: string,
    private readonly wallet: WalletSigner,
    private readonly mint: AddressLike & { toBase58(): string },
    private readonly cluster: string,
    fetchImpl?: typeof fetch,
    private readonly nowMs: () => number = Date.now,
  ) {
    this.fetchImpl = unboundFetch(fetchImpl);
    this.base = `${baseUrl.replace(/\/+$/, '')}/v1/spl`;
  }

  transfer(req: PrivateTransferRequest): Promise<UnsignedTransactionAnswer> {
    const body = {
      from: this.wallet.publicKey.toBase58(),
      to: req.to,
      mint: this.mint.toBase58(),
      amount: req.amount.toString(),
      visibility: 'private',
      fromBalance: 'base',
      toBalance: 'base',
      cluster: this.cluster,
      clientRefId: req.clientRefId,
      ...(req.split !== undefined ? { split: req.split } : {}),
      ...(req.minDelayMs !== undefined ? { minDelayMs: req.minDelayMs } : {}),
      ...(req.maxDelayMs !== undefined ? { maxDelayMs: req.maxDelayMs } : {}),
    };
    return this.call('POST', 'transfer', unsignedTransactionSchema, body);
  }

  /** Also keeps the transfer-queue crank registered, which is why it is asked before each payment. */
  mintStatus(): Promise<MintStatus> {
    const q = new URLSearchParams({ mint: this.mint.toBase58(), cluster: this.cluster });
    return this.call('GET', `is-mint-initialized?${q.toString()}`, mintStatusSchema);
  }

  /** No bearer token: the real API takes the owner from the body (the owner signs the transaction). */
  deposit(amount: bigint): Promise<UnsignedTransactionAnswer> {
    return this.call('POST', 'deposit', unsignedTransactionSchema, this.amountBody(amount));
  }

  withdraw(amount: bigint): Promise<UnsignedTransactionAnswer> {
    return this.authed('POST', 'withdraw', unsignedTransactionSchema, this.amountBody(amount));
  }

  /** A base balance is public: no bearer token, the wallet as `address`. */
  async balance(): Promise<bigint> {
    return BigInt((await this.call('GET', `balance?${this.balanceQuery()}`, balanceSchema)).balance);
  }

  async privateBalance(): Promise<bigint> {
    return BigInt((await this.authed('GET', `private-balance?${this.balanceQuery()}`, balanceSchema)).balance);
  }

  private amountBody(amount: bigint): Record<string, string> {
    return { owner: this.wallet.publicKey.toBase58(), mint: this.mint.toBase58(), amount: amount.toString(), cluster: this.cluster };
  }

  private balanceQuery(): string {
    return new URLSearchParams({ address: this.wallet.publicKey.toBase58(), mint: this.mint.toBase58(), cluster: this.cluster }).toString();
  }

  private async authed<S extends z.ZodMiniType>(method: 'GET' | 'POST', path: string, schema: S, body?: unknown): Promise<z.infer<S>> {
    try {
      return await this.call(method, path, schema, body, await this.token());
    } catch (err) {
      // A token the API forgot (restart, eviction) is worth exactly one fresh login.
      if (!(err instanceof PaymentsApiError) || err.status !== 401) throw err;
      this.session = undefined;
      return this.call(method, path, schema, body, await this.token());
    }
  }

  private async token(): Promise<string> {
    if (this.session && this.session.expiresAtMs - TOKEN_MARGIN_MS > this.nowMs()) return this.session.token;
    const pubkey = this.wallet.publicKey.toBase58();
    const { challenge } = await this.call('GET', `challenge?${new URLSearchParams({ pubkey, cluster: this.cluster }).toString()}`, challengeSchema);
    const signature = await this.wallet.signMessage(new TextEncoder().encode(challenge));
    const login = await this.call('POST', 'login', loginSchema, { pubkey, challenge, signature: bs58.encode(signature), cluster: this.cluster });
    // Without an expiry from the API, keep the token for a minute and log in again after.
    this.session = { token: login.token, expiresAtMs: login.expiresAt ?? this.nowMs() + 60_000 + TOKEN_MARGIN_MS };
    return login.token;
  }

  private async call<S extends z.ZodMiniType>(method: 'GET' | 'POST', path: string, schema: S, body?: unknown, bearer?: string): Promise<z.infer<S>> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (bearer !== undefined) headers['authorization'] = `Bearer ${bearer}`;
    let res: Response;
    try {
      res = await this.fetchImpl(`${this.base}/${path}`, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
    } catch (err) {
      throw new PaymentsApiError(`payments API unreachable (${method} ${path})`, undefined, undefined, { cause: err });
    }
    const json: unknown = await res.json().catch(() => undefined);
    if (!res.ok) {
      const e = apiErrorSchema.safeParse(json);
      const code = e.success ? e.data.error : undefined;
      const msg = e.success ? (e.data.message ?? e.data.error) : `HTTP ${res.status}`;
      throw new PaymentsApiError(`payments API ${method} ${path.split('?')[0]}: ${msg}`, res.status, code);
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) throw new PaymentsApiError(`payments API ${method} ${path.split('?')[0]}: unexpected answer`, res.status, undefined);
    return parsed.data;
  }
}
