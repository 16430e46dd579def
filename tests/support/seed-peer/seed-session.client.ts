import { randomUUID } from 'node:crypto';
import {
  allowanceAddress,
  approveCheckedInstruction,
  createIdempotentInstruction,
  decodeIncoAccount,
  encryptAmountForTee,
  incoTokenAccountAddress,
} from '@quietpay/solana';
import { type Connection, type Keypair, PublicKey, SystemProgram, Transaction, type TransactionInstruction, VersionedTransaction } from '@solana/web3.js';
import bs58 from 'bs58';
import nacl from 'tweetnacl';

/**
 * A client of the solana-x402-sessions seed, played from its documented wire format (its README,
 * PROTOCOLS.md §2 and issue 11's capture of what its SDK sends) for the interop tests; none of
 * quietpay's session code is used to build what it sends:
 * - the approve transaction `[System transfer facilitator→user (0.002 SOL), create_idempotent
 *   (payer = facilitator), approve_checked]`, fee payer the facilitator, signed by the user;
 * - the auth message `JSON.stringify({asset, cap, expirationUnix, network, nonce, recipient,
 *   spender, user})`, no session key, signed by the wallet;
 * - `POST /sessions {user, asset, recipient, cap, expirationUnix, network, approveTxSignature,
 *   authMessage (base64), authSignature (base64), approveTxBase64}`;
 * - per call, PAYMENT-SIGNATURE = base64 of `{x402Version: 2, accepted, payload: {sessionId, amount, nonce?}}`.
 */
export interface SeedClientOptions {
  readonly facilitatorUrl: string;
  readonly connection: Connection;
  readonly wallet: Keypair;
  readonly recipient: string;
  /** Base units. */
  readonly cap: bigint;
  readonly expirationSeconds?: number;
  /** Inco's TEE key the cap is encrypted to (the seed takes it from @inco/solana-sdk). */
  readonly teePublicKey: string;
  /** Lamports the seed's approve moves from the facilitator to the user; default 2,000,000. */
  readonly topUpLamports?: bigint;
  /** What the approve's ciphertext encrypts when it is not `cap` (a client lying about its cap). */
  readonly encryptedCap?: bigint;
}

export interface SeedSessionKind {
  readonly network: string;
  readonly asset: string;
  readonly spender: string;
  readonly facilitatorAddress: string;
  readonly sessionsEndpoint: string;
  readonly decimals: number;
  readonly incoToken: PublicKey;
  readonly incoLightning: PublicKey;
}

export interface SeedOpenAttempt {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

export const SEED_TOP_UP_LAMPORTS = 2_000_000n;

/** Reads the v2 session kind the way the seed does (`extra.decimals`, the spender); the program ids from quietpay's extra. */
export async function seedSessionKind(facilitatorUrl: string): Promise<SeedSessionKind> {
  const supported = (await (await fetch(`${facilitatorUrl}/supported`)).json()) as {
    kinds: { x402Version: number; scheme: string; network: string; extra: Record<string, unknown> }[];
  };
  const kind = supported.kinds.find((k) => k.x402Version === 2 && k.scheme === 'session');
  if (!kind) throw new Error('no v2 session kind');
  const extra = kind.extra;
  return {
    network: kind.network,
    asset: String(extra['asset'] ?? extra['mint']),
    spender: String(extra['spender']),
    facilitatorAddress: String(extra['facilitatorAddress']),
    sessionsEndpoint: String(extra['sessionsEndpoint']),
    decimals: Number(extra['decimals']),
    incoToken: new PublicKey(String(extra['incoTokenProgramId'])),
    incoLightning: new PublicKey(String(extra['incoLightningProgramId'])),
  };
}

/** The seed's approve: simulated once to learn the delegated_amount handle, then rebuilt with the allowance. */
async function seedApproveTransaction(options: SeedClientOptions, kind: SeedSessionKind): Promise<Transaction> {
  const ids = { incoToken: kind.incoToken, incoLightning: kind.incoLightning };
  const owner = options.wallet.publicKey;
  const facilitator = new PublicKey(kind.facilitatorAddress);
  const mint = new PublicKey(kind.asset);
  const spender = new PublicKey(kind.spender);
  const source = incoTokenAccountAddress(ids, owner, mint);
  const ciphertext = await encryptAmountForTee(options.encryptedCap ?? options.cap, options.teePublicKey);
  const approve = { source, mint, delegate: spender, owner, ciphertext, decimals: kind.decimals };
  const head: TransactionInstruction[] = [
    SystemProgram.transfer({ fromPubkey: facilitator, toPubkey: owner, lamports: options.topUpLamports ?? SEED_TOP_UP_LAMPORTS }),
    createIdempotentInstruction(ids, { payer: facilitator, associatedToken: source, wallet: owner, mint }),
  ];
  const { blockhash } = await options.connection.getLatestBlockhash('confirmed');
  const probe = new Transaction({ feePayer: facilitator, recentBlockhash: blockhash }).add(...head, approveCheckedInstruction(ids, approve));
  const sim = await options.connection.simulateTransaction(new VersionedTransaction(probe.compileMessage()), {
    sigVerify: false,
    accounts: { encoding: 'base64', addresses: [source.toBase58()] },
  });
  const data = sim.value.accounts?.[0]?.data[0];
  if (sim.value.err || data === undefined)
    throw new Error(`seed approve simulation failed: ${JSON.stringify(sim.value.err)} ${(sim.value.logs ?? []).join('\n')}`);
  const handle = decodeIncoAccount(Buffer.from(data, 'base64')).delegatedAmountHandle;
  const grant = { allowance: allowanceAddress(ids, handle, spender), allowed: spender };
  const tx = new Transaction({ feePayer: facilitator, recentBlockhash: blockhash }).add(...head, approveCheckedInstruction(ids, { ...approve, grant }));
  tx.partialSign(options.wallet);
  return tx;
}

/** The seed SDK's `createSession` wire exchange; the answer as the facilitator gave it. */
export async function seedOpenSession(options: SeedClientOptions): Promise<SeedOpenAttempt> {
  const kind = await seedSessionKind(options.facilitatorUrl);
  const tx = await seedApproveTransaction(options, kind);
  const user = options.wallet.publicKey.toBase58();
  const expirationUnix = Math.floor(Date.now() / 1000) + (options.expirationSeconds ?? 3600);
  const message = JSON.stringify({
    asset: kind.asset,
    cap: options.cap.toString(),
    expirationUnix,
    network: kind.network,
    nonce: randomUUID(),
    recipient: options.recipient,
    spender: kind.spender,
    user,
  });
  const authSignature = nacl.sign.detached(new TextEncoder().encode(message), options.wallet.secretKey);
  const userSignature = tx.signatures.find((s) => s.publicKey.equals(options.wallet.publicKey))?.signature;
  const sessionsUrl = kind.sessionsEndpoint.startsWith('/') ? `${options.facilitatorUrl}${kind.sessionsEndpoint}` : kind.sessionsEndpoint;
  const res = await fetch(sessionsUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      user,
      asset: kind.asset,
      recipient: options.recipient,
      cap: options.cap.toString(),
      expirationUnix,
      network: kind.network,
      approveTxSignature: userSignature ? bs58.encode(userSignature) : '',
      authMessage: Buffer.from(message, 'utf8').toString('base64'),
      authSignature: Buffer.from(authSignature).toString('base64'),
      approveTxBase64: tx.serialize({ requireAllSignatures: false, verifySignatures: false }).toString('base64'),
    }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/**
 * The seed's `wrapFetch(sessionId, facilitatorUrl)`: on a 402 with PAYMENT-REQUIRED, retries once
 * with PAYMENT-SIGNATURE `{x402Version: 2, accepted: accepts[0], payload: {sessionId, amount, nonce?}}`.
 */
export function seedWrapFetch(sessionId: string, options: { readonly nonce?: () => string } = {}): (url: string, init?: RequestInit) => Promise<Response> {
  return async (url, init) => {
    const first = await fetch(url, init);
    const required = first.headers.get('PAYMENT-REQUIRED');
    if (first.status !== 402 || required === null) return first;
    const { accepts } = JSON.parse(Buffer.from(required, 'base64').toString('utf8')) as { accepts: { amount: string }[] };
    const accepted = accepts[0];
    if (!accepted) throw new Error('402 without accepts');
    const payload = { sessionId, amount: accepted.amount, ...(options.nonce ? { nonce: options.nonce() } : {}) };
    const header = Buffer.from(JSON.stringify({ x402Version: 2, accepted, payload })).toString('base64');
    return fetch(url, { ...init, headers: { ...(init?.headers as Record<string, string> | undefined), 'PAYMENT-SIGNATURE': header } });
  };
}
