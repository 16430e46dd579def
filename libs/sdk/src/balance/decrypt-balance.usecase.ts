import { InvalidOptionError, QuietpayError } from '@quietpay/x402';
import {
  Address,
  type AddressLike,
  type AttestedDecryptRequest,
  buildAttestedDecryptRequest,
  incoTokenAccountAddressOf,
  readIncoAccountHandles,
  verifyAttestedDecrypt,
} from '@quietpay/solana';
import { decodeUntrusted } from '../errors/chain-data.decode';
import { QuietpaySdkError } from '../errors/sdk.error';
import { requireAddress, requireHttpUrl, requireWallet } from '../options/option-checks';
import type { FetchLike } from '../facilitator/facilitator.client';
import { type RpcEndpoint, SolanaRpc } from '../solana/solana-rpc.client';
import { unboundFetch } from '../http/unbound-fetch';
import { askWallet } from '../wallet/wallet-refusal';
import type { WalletSigner } from '../wallet/wallet-signer.types';

/** Options of `decryptBalance`. */
export interface DecryptBalanceOptions {
  /** A wallet with decrypt rights on the balance handle: the account owner. */
  readonly wallet: WalletSigner;
  /** Owner of the IncoToken account (default: the wallet). */
  readonly owner?: AddressLike;
  /** The RPC as a web3.js `Connection` (only its `rpcEndpoint` is used), or give `rpcUrl`. */
  readonly connection?: RpcEndpoint;
  readonly rpcUrl?: string;
  readonly covalidatorUrl: string;
  readonly mint: AddressLike | string;
  readonly incoTokenProgramId: AddressLike | string;
  readonly incoLightningProgramId: AddressLike | string;
  /**
   * The covalidator's attestation key (base58). Pin it in production; when omitted it is read from
   * the covalidator's `GET /keys`, which only proves the answer came from the server you asked.
   */
  readonly attestationPublicKey?: string;
  /** The `fetch` for every request (Solana RPC and covalidator); default the global one. */
  readonly fetch?: FetchLike;
}

const key = (k: AddressLike | string): Address => Address.from(k);

/**
 * Decrypts a confidential IncoToken balance through the covalidator and verifies its attestation
 * (ed25519 over sha256(handle hex ‖ plaintext LE)) before believing it. A missing account or an
 * uninitialised handle is 0.
 *
 * @example
 * const before = await decryptBalance({ wallet, rpcUrl, covalidatorUrl, mint, incoTokenProgramId, incoLightningProgramId });
 * console.log(formatUnits(before, 6), 'USDC');
 */
export async function decryptBalance(options: DecryptBalanceOptions): Promise<bigint> {
  checkOptions(options);
  // The RPC's requests too, unbound (window.fetch as a method of another object throws "Illegal invocation").
  const fetchImpl: FetchLike = unboundFetch(options.fetch);
  const endpoint = options.connection ?? options.rpcUrl;
  if (endpoint === undefined) throw new InvalidOptionError('decryptBalance', 'connection', 'or `rpcUrl` is required');
  const rpc = SolanaRpc.of(endpoint, fetchImpl);
  const ids = { incoToken: key(options.incoTokenProgramId), incoLightning: key(options.incoLightningProgramId) };
  const owner = options.owner ?? options.wallet.publicKey;
  const account = incoTokenAccountAddressOf(ids, owner, key(options.mint)).toBase58();
  const data = await rpc.getAccountData(account, 'confirmed');
  if (!data || data.length === 0) return 0n;
  const handle = decodeUntrusted('decrypt_failed', 'account', `IncoToken account ${account}`, () => readIncoAccountHandles(data)).amountHandle;
  if (handle === 0n) return 0n;

  const covalidator = options.covalidatorUrl.replace(/\/+$/, '');
  const attestationKey =
    options.attestationPublicKey !== undefined ? Address.from(options.attestationPublicKey) : await fetchAttestationKey(fetchImpl, covalidator);
  const body = await signDecryptRequest(options.wallet, handle);
  const res = await askCovalidator(fetchImpl, `${covalidator}/crypto/getDecryptAttested`, 'decrypt', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (res.status === 403 && (await onlyCreatedSoFar(rpc, account))) return 0n;
  const json = covalidatorJson(res, 'decrypt', { handle: handle.toString() });
  const verdict = verifyAttestedDecrypt(handle, json, attestationKey);
  if (!verdict.ok)
    throw new QuietpaySdkError('attestation_invalid', `attested decrypt rejected: ${verdict.reason}`, { handle: handle.toString() }, false, {
      phase: 'attestation',
    });
  return verdict.plaintext;
}

/**
 * `create_idempotent` sets the balance to an encrypted zero without granting the owner decrypt
 * rights (it takes no allowance accounts); every instruction that later writes the balance
 * (mint_to, transfer) grants them. So a refused decrypt on an account whose only transaction is
 * its creation (or none yet confirmed) is the initial zero: a merchant that was never paid reads 0 instead of failing.
 */
async function onlyCreatedSoFar(rpc: SolanaRpc, account: string): Promise<boolean> {
  return (await rpc.countSignatures(account, 2, 'confirmed')) <= 1;
}

async function fetchAttestationKey(fetchImpl: FetchLike, covalidator: string): Promise<Address> {
  const json = covalidatorJson(await askCovalidator(fetchImpl, `${covalidator}/keys`, 'covalidator-keys'), 'covalidator-keys', {});
  const key = typeof json === 'object' && json !== null ? (json as { attestationPublicKey?: unknown }).attestationPublicKey : undefined;
  if (typeof key !== 'string') {
    throw new QuietpaySdkError('decrypt_failed', `covalidator ${covalidator}/keys gave no attestation key`, {}, false, { phase: 'covalidator-keys' });
  }
  return decodeUntrusted('decrypt_failed', 'covalidator-keys', 'the covalidator attestation key', () => Address.from(key));
}

/**
 * The owner signs the handle to prove decrypt rights. A refusal is retryable (askWallet: the one
 * rule for wallets); a signature that is not 64 bytes is a broken wallet, not retryable.
 */
async function signDecryptRequest(wallet: WalletSigner, handle: bigint): Promise<AttestedDecryptRequest> {
  try {
    return await buildAttestedDecryptRequest(handle, wallet.publicKey, (m) => askWallet('the decrypt request', () => wallet.signMessage(m)));
  } catch (error) {
    if (error instanceof QuietpayError) throw error;
    const detail = error instanceof Error ? error.message : String(error);
    throw new QuietpaySdkError('wallet_refused', `the wallet's decrypt request signature is unusable: ${detail}`, {}, false, { cause: error, phase: 'sign' });
  }
}

interface CovalidatorAnswer {
  readonly status: number;
  readonly ok: boolean;
  readonly text: string;
}

/** One covalidator request. Unreachable (fetch rejects, the body is cut off) is retryable: nothing changed on chain. */
async function askCovalidator(fetchImpl: FetchLike, url: string, phase: string, init?: RequestInit): Promise<CovalidatorAnswer> {
  try {
    const res = await fetchImpl(url, init);
    return { status: res.status, ok: res.ok, text: await res.text() };
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new QuietpaySdkError('decrypt_failed', `covalidator ${url} unreachable: ${detail}`, {}, true, { cause: error, phase });
  }
}

/** The answer's JSON. 5xx and 429 are retryable; another HTTP error or a body that is not JSON is not. */
function covalidatorJson(res: CovalidatorAnswer, phase: string, context: Record<string, unknown>): unknown {
  if (!res.ok) {
    const retryable = res.status >= 500 || res.status === 429;
    throw new QuietpaySdkError('decrypt_failed', `covalidator: HTTP ${res.status} ${res.text.slice(0, 300)}`, { ...context, status: res.status }, retryable, {
      phase,
    });
  }
  try {
    return JSON.parse(res.text) as unknown;
  } catch (error) {
    throw new QuietpaySdkError('decrypt_failed', 'covalidator answer is not JSON', context, false, { cause: error, phase });
  }
}

/** A base58 string, or a key object (`PublicKey`, `Address`) that prints as one. */
function requireAddressLike(where: string, field: string, value: unknown): void {
  if (typeof value === 'object' && value !== null && typeof (value as { toBase58?: unknown }).toBase58 === 'function') return;
  requireAddress(where, field, value);
}

// Before any I/O, so a typo is an InvalidOptionError naming the field, not an RPC or fetch error.
function checkOptions(options: DecryptBalanceOptions): void {
  const where = 'decryptBalance';
  if (typeof options !== 'object' || options === null) throw new InvalidOptionError(where, 'options', 'must be an object', options);
  requireWallet(where, 'wallet', options.wallet);
  if (options.connection === undefined) {
    if (options.rpcUrl === undefined) throw new InvalidOptionError(where, 'connection', 'or `rpcUrl` is required');
    requireHttpUrl(where, 'rpcUrl', options.rpcUrl);
  }
  requireHttpUrl(where, 'covalidatorUrl', options.covalidatorUrl);
  requireAddressLike(where, 'mint', options.mint);
  requireAddressLike(where, 'incoTokenProgramId', options.incoTokenProgramId);
  requireAddressLike(where, 'incoLightningProgramId', options.incoLightningProgramId);
  if (options.owner !== undefined) requireAddressLike(where, 'owner', options.owner);
  if (options.attestationPublicKey !== undefined) requireAddress(where, 'attestationPublicKey', options.attestationPublicKey);
}
