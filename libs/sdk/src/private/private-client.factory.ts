import { InvalidOptionError } from '@quietpay/x402';
import { Address } from '@quietpay/solana';
import { requireAddress, requireHttpUrl, requireWallet } from '../options/option-checks';
import { PaymentsApiClient } from './payments-api.client';
import { decomposeIntoDenominations, DEFAULT_MAX_PARTS } from './denominations';
import { payQuoteInParts, signSendConfirm, toBuildError, type SentPayment } from './payment-transaction.executor';
import { privateFetch, type PrivateFetchResult, type PrivatePaymentReceipt } from './private-fetch.usecase';
import type { WalletPublicKey, WalletSigner } from '../wallet/wallet-signer.types';
import type { Px402Quote } from './px402-quote.parser';
import { assertRetryPolicy, LOCALNET_RETRY_POLICY, type PrivateRetryPolicy } from './retry-schedule';
import { rpcChain, type PrivateChainPort } from './solana-chain.port';
import { unboundFetch } from '../http/unbound-fetch';

export interface PrivateClientOptions {
  readonly wallet: WalletSigner;
  readonly rpcUrl: string;
  /** MagicBlock payments API base URL (without `/v1/spl`). */
  readonly paymentsApiUrl: string;
  /** USDC mint (base58). */
  readonly mint: string;
  /** Cluster name sent to the payments API (`localnet`, `devnet`, `mainnet`). */
  readonly cluster: string;
  /**
   * Settlement wait. Default {@link LOCALNET_RETRY_POLICY} (250 ms steps, 30 s). On devnet the TEE
   * crank takes minutes: use {@link DEVNET_RETRY_POLICY} (2 s, 5 s, 10 s, 30 s, 60 s, 120 s).
   */
  readonly retry?: Partial<PrivateRetryPolicy>;
  /**
   * When the server answers `expired` after this client paid, pay its fresh quote once more.
   * Off by default: that is a second payment, so the default surfaces `PrivatePaymentExpiredError`.
   */
  readonly repayOnExpiry?: boolean;
  /** Refuse any quote above this many micro-USDC. */
  readonly maxAmountPerRequest?: bigint;
  /**
   * How payments hide in the crowd (docs/privacy.md): one {@link PrivateTransferSettings} for every
   * call, or a function of the request URL for per-route settings. A call can override either with
   * `fetch(url, init, { transfer })`.
   */
  readonly transfer?: PrivateTransferSettings | ((url: URL) => PrivateTransferSettings | undefined);
  /** Called as soon as a payment confirmed, before the paid answer arrives: keep it for reconciliation. */
  readonly onPayment?: (receipt: PrivatePaymentReceipt) => void;
  /** Injection points (tests, custom transports). */
  readonly fetch?: typeof fetch;
  readonly chain?: PrivateChainPort;
}

/**
 * Delays: each transfer settles after a random delay in [minDelayMs, maxDelayMs] (default
 * {@link DEFAULT_PRIVATE_DELAYS}: without a delay, the settlement follows the payment within a slot
 * or two and time links them). Denominations: `'auto'` (default) pays in 1-2-5 standard parts when
 * the server says it sums parts (`X-Payment-Parts: sum`, quietpay's middleware), one transfer
 * otherwise (px402 servers); `'on'` always, `'off'` never. `split` is the payments API's own even
 * split (it shows amount/split on chain).
 */
export interface PrivateTransferSettings {
  readonly split?: number;
  readonly minDelayMs?: number;
  readonly maxDelayMs?: number;
  readonly denominations?: 'auto' | 'on' | 'off';
  /** Most parts per payment (default 6); see `decomposeIntoDenominations`. */
  readonly maxParts?: number;
}

/** Per-call options of {@link PrivateClient.fetch}. */
export interface PrivateFetchOptions {
  /** Overrides the client's transfer settings for this call's payment. */
  readonly transfer?: PrivateTransferSettings;
}

/**
 * Default settlement delays of private transfers, from bench/privacy (docs/privacy.md): long
 * enough that concurrent payments' settlements interleave, short enough for interactive calls.
 */
export const DEFAULT_PRIVATE_DELAYS = { minDelayMs: 1_000, maxDelayMs: 5_000 } as const;

const apiOptionsOf = ({ denominations: _d, maxParts: _m, ...apiOptions }: PrivateTransferSettings) => ({ ...DEFAULT_PRIVATE_DELAYS, ...apiOptions });

/**
 * Pays `quote` as {@link PrivateTransferSettings} say: in standard-denomination parts (`'on'`, or
 * `'auto'` when the quote says its receiver sums parts) or as one transfer, each with the default
 * delays unless the settings give their own. Shared by the px402 client and the x402 scheme client.
 */
export function payQuoteWithSettings(ports: Parameters<typeof payQuoteInParts>[0], quote: Px402Quote, settings: PrivateTransferSettings): Promise<SentPayment> {
  const { denominations = 'auto', maxParts = DEFAULT_MAX_PARTS } = settings;
  const inParts = denominations === 'on' || (denominations === 'auto' && quote.partsSummed);
  return payQuoteInParts(ports, quote, inParts ? decomposeIntoDenominations(quote.amount, maxParts) : [quote.amount], apiOptionsOf(settings));
}

/** Result of {@link PrivateClient.transfer}. */
export interface PrivateTransferResult extends SentPayment {
  readonly clientRefId: string;
}

export interface PrivateClient {
  readonly publicKey: WalletPublicKey;
  /** `fetch` that pays px402 quotes privately; see {@link createPrivateClient}. */
  fetch(url: string | URL, init?: RequestInit, options?: PrivateFetchOptions): Promise<Response>;
  /** Like `fetch`, plus the payments made for the request. */
  fetchWithReceipt(url: string | URL, init?: RequestInit, options?: PrivateFetchOptions): Promise<PrivateFetchResult>;
  /** Base → private balance (MagicBlock ephemeral ATA). Returns the confirmed transaction. */
  deposit(amount: bigint): Promise<SentPayment>;
  /** Private → base balance. */
  withdraw(amount: bigint): Promise<SentPayment>;
  /** Base-chain token balance of the wallet, in micro-USDC. */
  balance(): Promise<bigint>;
  /** Private (ephemeral) balance of the wallet, in micro-USDC. */
  privateBalance(): Promise<bigint>;
  /** A private transfer outside px402; `clientRefId` defaults to a random u63. */
  transfer(to: string, amount: bigint, options?: { clientRefId?: string }): Promise<PrivateTransferResult>;
}

function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason as Error);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason as Error);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * A per-route settings function applied to the request URL, resolved against the page in a browser
 * (a relative URL is a valid fetch target there); a URL that does not parse gets no route settings.
 */
function routeSettings(byRoute: (url: URL) => PrivateTransferSettings | undefined, url: string | URL | undefined): PrivateTransferSettings | undefined {
  if (url === undefined) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(url, (globalThis as { location?: { href?: string } }).location?.href);
  } catch {
    return undefined;
  }
  return byRoute(parsed);
}

function randomClientRefId(): string {
  // u63 so it also fits a px402 payment id; never 0.
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(8));
  const id = new DataView(bytes.buffer).getBigUint64(0) >> 1n;
  return (id === 0n ? 1n : id).toString();
}

/**
 * A client for px402's private scheme: pays 402 quotes through MagicBlock's private transfer
 * queue (the recipient is hidden from chain observers) and manages the wallet's private balance.
 *
 * `fetch` flow: request → `402` quote → transfer API with `clientRefId = X-Payment-Id` and
 * `to = X-Payment-Address` → sign, send, confirm → retry with `X-Payment-Id` + `X-Payment-Token`
 * while `402 payment_pending` (per `retry`), honouring `429 Retry-After` and waiting through
 * `503`. Every failure is a `PrivatePaymentError` with a `phase`; once the wallet signed, it carries
 * the transaction `signature`, and a sent payment is never paid again silently.
 *
 * @example
 * const client = createPrivateClient({
 *   wallet: keypairWallet(agentKeypair),
 *   rpcUrl: 'https://api.devnet.solana.com',
 *   paymentsApiUrl: 'https://payments.magicblock.app',
 *   mint: USDC_MINT,
 *   cluster: 'devnet',
 *   retry: DEVNET_RETRY_POLICY,
 * });
 * const res = await client.fetch('https://api.example/api/sentiment');
 * console.log(res.headers.get('X-Payment-Signature'), await res.json());
 */
export function createPrivateClient(options: PrivateClientOptions): PrivateClient {
  checkOptions(options);
  const retry: PrivateRetryPolicy = { ...LOCALNET_RETRY_POLICY, ...options.retry };
  assertRetryPolicy(retry);
  const fetchImpl = unboundFetch(options.fetch);
  const mint = Address.from(options.mint);
  const wallet = options.wallet;
  const api = new PaymentsApiClient(options.paymentsApiUrl, wallet, mint, options.cluster, fetchImpl);
  const chain = options.chain ?? rpcChain(options.rpcUrl);
  const ports = { api, wallet, chain };
  const settingsFor = (url: string | URL | undefined, call: PrivateTransferSettings | undefined): PrivateTransferSettings => {
    const base = typeof options.transfer === 'function' ? routeSettings(options.transfer, url) : options.transfer;
    return { ...base, ...call };
  };
  const payPrivately =
    (settings: PrivateTransferSettings) =>
    (quote: Px402Quote): Promise<SentPayment> =>
      payQuoteWithSettings(ports, quote, settings);

  const fetchWithReceipt = (url: string | URL, init?: RequestInit, call?: PrivateFetchOptions): Promise<PrivateFetchResult> =>
    privateFetch(
      {
        fetchImpl,
        pay: payPrivately(settingsFor(url, call?.transfer)),
        retry,
        repayOnExpiry: options.repayOnExpiry ?? false,
        ...(options.maxAmountPerRequest !== undefined ? { maxAmountPerRequest: options.maxAmountPerRequest } : {}),
        ...(options.onPayment ? { onPayment: options.onPayment } : {}),
        sleep: abortableSleep,
        now: Date.now,
      },
      url,
      init,
    );

  const build = async <T>(call: () => Promise<T>): Promise<T> => {
    try {
      return await call();
    } catch (err) {
      throw toBuildError(err, undefined);
    }
  };

  return {
    publicKey: wallet.publicKey,
    fetchWithReceipt,
    fetch: async (url, init, call) => (await fetchWithReceipt(url, init, call)).response,
    deposit: async (amount) => signSendConfirm(ports, await build(() => api.deposit(amount))),
    withdraw: async (amount) => signSendConfirm(ports, await build(() => api.withdraw(amount))),
    balance: () => build(() => api.balance()),
    privateBalance: () => build(() => api.privateBalance()),
    async transfer(to, amount, transferOptions = {}) {
      const clientRefId = transferOptions.clientRefId ?? randomClientRefId();
      const answer = await build(() => api.transfer({ ...apiOptionsOf(settingsFor(undefined, undefined)), to, amount, clientRefId }));
      return { ...(await signSendConfirm(ports, answer)), clientRefId };
    },
  };
}

function checkOptions(options: PrivateClientOptions): void {
  const where = 'createPrivateClient';
  if (typeof options !== 'object' || options === null) throw new InvalidOptionError(where, 'options', 'must be an object', options);
  requireWallet(where, 'wallet', options.wallet);
  if (options.chain === undefined) requireHttpUrl(where, 'rpcUrl', options.rpcUrl);
  requireHttpUrl(where, 'paymentsApiUrl', options.paymentsApiUrl);
  requireAddress(where, 'mint', options.mint);
  if (typeof options.cluster !== 'string' || options.cluster === '')
    throw new InvalidOptionError(where, 'cluster', 'must name the cluster (localnet, devnet, mainnet)', options.cluster);
  if (options.maxAmountPerRequest !== undefined && (typeof options.maxAmountPerRequest !== 'bigint' || options.maxAmountPerRequest <= 0n)) {
    throw new InvalidOptionError(where, 'maxAmountPerRequest', 'must be a positive bigint of micro-USDC', options.maxAmountPerRequest);
  }
}
