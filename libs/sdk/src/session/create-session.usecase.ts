import { Address, encryptAmountForTee } from '@quietpay/solana';
import { buildSessionAuthMessage, bytesToBase64, ed25519KeyPair, type SessionAuthFields } from '@quietpay/x402';
import bs58 from 'bs58';
import { decodeUntrusted } from '../errors/chain-data.decode';
import { QuietpaySdkError } from '../errors/sdk.error';
import { FacilitatorClient, type FetchLike } from '../facilitator/facilitator.client';
import { unboundFetch } from '../http/unbound-fetch';
import { type RpcEndpoint, SolanaRpc, SolanaRpcError } from '../solana/solana-rpc.client';
import { signedBytes } from '../solana/solana-transaction';
import { memorySessionStorage } from '../storage/memory-session.storage';
import type { SessionStorage, StoredSession } from '../storage/session-storage.port';
import { askWallet } from '../wallet/wallet-refusal';
import type { WalletSigner } from '../wallet/wallet-signer.types';
import { buildApproveTransaction } from './approve-transaction.builder';
import { recipientAccountInstructions } from './recipient-account.instructions';
import { encodeSessionKey, type SessionHandle, sessionHandle } from './session-handle';
import { randomNonce } from './session-payment.builder';
import { toBaseUnits } from './token-units.util';
import { requireAddress, requireAmount, requireHttpUrl, requirePositiveInteger, requireWallet } from '../options/option-checks';
import { InvalidOptionError, QuietpayError } from '@quietpay/x402';

/** Options of `createSession`. */
export interface CreateSessionOptions {
  /** The paying wallet; it signs twice, once: the approve transaction and the auth message. */
  readonly wallet: WalletSigner;
  readonly facilitatorUrl: string;
  /** The RPC as a web3.js `Connection` (only its `rpcEndpoint` is used), or give `rpcUrl`. */
  readonly connection?: RpcEndpoint;
  readonly rpcUrl?: string;
  /** Most the session may ever spend: base units as bigint, or whole units as a decimal string ("2.5"). */
  readonly cap: bigint | string;
  readonly expiresInSeconds: number;
  /** The merchant (payTo) this session pays; a session is bound to one recipient. */
  readonly recipient: string;
  /**
   * Largest single call; same units rule as `cap`. Signed into the auth message, so the facilitator
   * refuses any larger charge (`per_call_limit_exceeded`); the SDK also refuses it before paying.
   */
  readonly perCallLimit?: bigint | string;
  /** Where the session key is kept for `wrapFetch` after a restart (default: memory). */
  readonly storage?: SessionStorage;
  /** TEE key override when the facilitator's /supported does not advertise one (hex, 65 bytes). */
  readonly teePublicKey?: string;
  /** The `fetch` for every request (facilitator and Solana RPC); default the global one. */
  readonly fetch?: FetchLike;
}

/**
 * Opens a session-scheme session: the wallet approves the facilitator as delegate of an encrypted
 * cap and signs one auth message binding a session key the SDK makes; after that every call is
 * paid by the session key with no wallet prompt.
 *
 * Steps (docs/session-scheme.md): GET /supported → encrypt the cap to the TEE → when the
 * recipient has no token account and the facilitator has not registered it, add its
 * create_idempotent paid by the user (the wallet then needs about 0.0024 SOL) → simulate
 * approve_checked to learn the cap handle → rebuild with the allowance PDA → wallet signs
 * (the facilitator pays the fee) → auth message signed → POST /sessions.
 *
 * @example
 * const session = await createSession({
 *   wallet: keypairWallet(agent), facilitatorUrl: 'http://127.0.0.1:4021', rpcUrl: 'http://127.0.0.1:8899',
 *   cap: '5', expiresInSeconds: 3600, recipient: MERCHANT,
 * });
 * const res = await session.fetch('http://127.0.0.1:4100/api/chat', { method: 'POST', body: '{"message":"hi"}' });
 */
export async function createSession(options: CreateSessionOptions): Promise<SessionHandle> {
  checkOptions(options);
  // Every request this call makes (facilitator and RPC) goes through it, unbound: a page or worker
  // may hand in window.fetch, which throws "Illegal invocation" when called as another object's method.
  const fetchImpl: FetchLike = unboundFetch(options.fetch);
  const facilitator = new FacilitatorClient(options.facilitatorUrl, fetchImpl);
  const storage = options.storage ?? memorySessionStorage();
  const endpoint = options.connection ?? options.rpcUrl;
  if (endpoint === undefined) throw new InvalidOptionError('createSession', 'connection', 'or `rpcUrl` is required');
  const rpc = SolanaRpc.of(endpoint, fetchImpl);

  const { network, extra } = await facilitator.sessionKind();
  const cap = toBaseUnits(options.cap, extra.decimals, 'cap');
  if (cap <= 0n) throw new InvalidOptionError('createSession', 'cap', 'must be positive', options.cap);
  const perCallLimit = options.perCallLimit !== undefined ? toBaseUnits(options.perCallLimit, extra.decimals, 'perCallLimit') : undefined;
  if (perCallLimit !== undefined && perCallLimit <= 0n)
    throw new InvalidOptionError('createSession', 'perCallLimit', 'must be positive (omit it for no limit)', options.perCallLimit);
  const teePublicKey = extra.teePublicKey ?? options.teePublicKey;
  if (teePublicKey === undefined) throw new QuietpaySdkError('scheme_not_supported', 'no TEE public key: the facilitator advertises none and none was given');

  const user = options.wallet.publicKey;
  const spender = Address.from(extra.spender);
  const programIds = { incoToken: Address.from(extra.incoTokenProgramId), incoLightning: Address.from(extra.incoLightningProgramId) };
  const mint = Address.from(extra.mint);
  const ciphertext = await encryptAmountForTee(cap, teePublicKey);
  // An unregistered recipient's missing token account is created here, the user paying its rent.
  const before = await rpcPhase('recipient-account', () =>
    recipientAccountInstructions({ rpc, facilitator, programIds, mint, owner: user, recipient: options.recipient }),
  );
  const built = await rpcPhase('approve', () =>
    buildApproveTransaction({
      connection: rpc.endpoint,
      fetch: fetchImpl,
      programIds,
      mint,
      before,
      owner: user,
      spender,
      feePayer: Address.from(extra.facilitatorAddress),
      ciphertext,
      decimals: extra.decimals,
    }),
  );
  const signedTx = await askWallet('the approve transaction', () => options.wallet.signTransaction(built.transaction));
  // What the wallet handed back is untrusted bytes: junk is wallet_refused (phase sign), not a RangeError.
  const signed = decodeUntrusted('wallet_refused', 'sign', 'the transaction the wallet signed', () => signedBytes(signedTx, user.toBase58()));
  if (signed.signature === null)
    throw new QuietpaySdkError('wallet_refused', 'the wallet returned the approve transaction unsigned', {}, true, { phase: 'sign' });
  const approveTx = bytesToBase64(signed.bytes);

  const sessionKey = ed25519KeyPair();
  const sessionPublicKey = bs58.encode(sessionKey.publicKey);
  const fields: SessionAuthFields = {
    asset: extra.mint,
    cap: cap.toString(),
    expirationUnix: Math.floor(Date.now() / 1000) + options.expiresInSeconds,
    network,
    nonce: randomNonce(),
    // Always signed: "0" says "no limit below the cap" explicitly.
    perCallLimit: (perCallLimit ?? 0n).toString(),
    recipient: options.recipient,
    sessionPubkey: sessionPublicKey,
    spender: extra.spender,
    user: user.toBase58(),
  };
  const authMessage = buildSessionAuthMessage(fields);
  const authSignature = bs58.encode(await askWallet('the session auth message', () => options.wallet.signMessage(new TextEncoder().encode(authMessage))));

  const record = await facilitator.openSession(extra.sessionsEndpoint, {
    approveTx,
    authMessage,
    authSignature,
    user: fields.user,
    sessionPublicKey,
    nonce: fields.nonce,
    perCallLimit: fields.perCallLimit,
  });
  const stored: StoredSession = {
    sessionId: record.sessionId,
    facilitatorUrl: facilitator.url,
    sessionsEndpoint: extra.sessionsEndpoint,
    sessionSecretKey: encodeSessionKey(sessionKey.secretKey),
    sessionPublicKey,
    user: fields.user,
    recipient: fields.recipient,
    asset: fields.asset,
    network: fields.network,
    cap: fields.cap,
    expirationUnix: fields.expirationUnix,
    ...(perCallLimit !== undefined ? { perCallLimit: perCallLimit.toString() } : {}),
  };
  await storage.set(stored);
  return sessionHandle(stored, facilitator, storage, fetchImpl);
}

function checkOptions(options: CreateSessionOptions): void {
  const where = 'createSession';
  if (typeof options !== 'object' || options === null) throw new InvalidOptionError(where, 'options', 'must be an object', options);
  requireWallet(where, 'wallet', options.wallet);
  requireHttpUrl(where, 'facilitatorUrl', options.facilitatorUrl);
  if (options.connection === undefined) {
    if (options.rpcUrl === undefined) throw new InvalidOptionError(where, 'connection', 'or `rpcUrl` is required');
    requireHttpUrl(where, 'rpcUrl', options.rpcUrl);
  }
  requireAmount(where, 'cap', options.cap);
  if (options.perCallLimit !== undefined) requireAmount(where, 'perCallLimit', options.perCallLimit);
  requirePositiveInteger(where, 'expiresInSeconds', options.expiresInSeconds);
  requireAddress(where, 'recipient', options.recipient);
}

/** Chain reads (simulation, blockhash): a web3.js or network failure becomes a typed, retryable error. */
async function rpcPhase<T>(phase: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof QuietpayError && !(error instanceof SolanaRpcError)) throw error;
    const retryable = error instanceof SolanaRpcError ? error.retryable : true;
    throw new QuietpaySdkError(
      'rpc_unreachable',
      `Solana RPC failed during ${phase}: ${error instanceof Error ? error.message : String(error)}`,
      {},
      retryable,
      {
        cause: error,
        phase,
      },
    );
  }
}
