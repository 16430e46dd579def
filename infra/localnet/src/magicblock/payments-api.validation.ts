import { PublicKey } from '@solana/web3.js';
import { z } from 'zod';
import { badRequest, type PaymentsApiError } from './payments-api.errors';

/** Pure request parsing for the payments API: every rule the real API enforces on its inputs. */

const U64_MAX = (1n << 64n) - 1n;

const pubkey = z
  .string()
  .min(32)
  .max(44)
  .refine((s) => {
    try {
      return new PublicKey(s).toBase58() === s;
    } catch {
      return false;
    }
  }, 'not a base58 public key');

/** Positive u64 given as a decimal string or a safe integer. */
const amount = z
  .union([z.string().regex(/^[0-9]{1,20}$/), z.number().int().positive().max(Number.MAX_SAFE_INTEGER)])
  .transform((v) => BigInt(v))
  .refine((v) => v > 0n && v <= U64_MAX, 'amount must be a positive u64');

const cluster = z.string().min(1).max(200);

/** The real API takes delays as JSON integers or decimal strings. */
const delayMs = z.union([z.number().int().min(0).max(Number.MAX_SAFE_INTEGER), z.string().regex(/^[0-9]{1,15}$/)]).transform((v) => Number(v));

/** The real API's "create it if missing" switches: accepted; localnet's queue, vault and ATAs already exist or are created by the settlement. */
const initFlags = {
  initIfMissing: z.boolean().optional(),
  initAtasIfMissing: z.boolean().optional(),
  initVaultIfMissing: z.boolean().optional(),
  idempotent: z.boolean().optional(),
};

const transferSchema = z.strictObject({
  from: pubkey,
  to: pubkey,
  mint: pubkey,
  amount,
  visibility: z.string().default('private'),
  fromBalance: z.string().default('base'),
  toBalance: z.string().default('base'),
  cluster: cluster.optional(),
  validator: pubkey.optional(),
  // Optional: without one the settlement logs no client_ref_id line (as for id 0 on devnet).
  clientRefId: z.string().optional(),
  split: z.number().int().min(1).max(15).optional(),
  minDelayMs: delayMs.optional(),
  maxDelayMs: delayMs.optional(),
  memo: z.string().max(566).optional(),
  ...initFlags,
});

export interface TransferRequest {
  from: PublicKey;
  to: PublicKey;
  mint: PublicKey;
  amount: bigint;
  cluster: string | undefined;
  validator: PublicKey | undefined;
  clientRefId: bigint;
  split: number;
  minDelayMs: number;
  maxDelayMs: number;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: PaymentsApiError };

function zodError(error: z.ZodError): PaymentsApiError {
  const first = error.issues[0];
  const where = first?.path.join('.') || 'body';
  return badRequest('invalid_request', `${where}: ${first?.message ?? 'invalid'}`);
}

/** u64 decimal string, never 0: 0 means "no id" on chain and would settle without a log line. */
export function parseClientRefId(raw: string): Parsed<bigint> {
  if (!/^[0-9]{1,20}$/.test(raw)) return { ok: false, error: badRequest('invalid_client_ref_id', 'clientRefId must be a u64 decimal string') };
  const value = BigInt(raw);
  if (value === 0n) return { ok: false, error: badRequest('invalid_client_ref_id', 'clientRefId must not be 0') };
  if (value > U64_MAX) return { ok: false, error: badRequest('invalid_client_ref_id', 'clientRefId exceeds u64') };
  return { ok: true, value };
}

export function parseTransferRequest(body: unknown, maxDelayCapMs: number): Parsed<TransferRequest> {
  const parsed = transferSchema.safeParse(body);
  if (!parsed.success) return { ok: false, error: zodError(parsed.error) };
  const b = parsed.data;
  if (b.visibility !== 'private') {
    return { ok: false, error: badRequest('unsupported_visibility', 'only visibility "private" is supported') };
  }
  if (b.fromBalance !== 'base' || b.toBalance !== 'base') {
    return {
      ok: false,
      error: badRequest('unsupported_balance_route', 'private transfers settle only base → base (ephemeral routes fail)'),
    };
  }
  const ref: Parsed<bigint> = b.clientRefId === undefined ? { ok: true, value: 0n } : parseClientRefId(b.clientRefId);
  if (!ref.ok) return ref;
  const minDelayMs = b.minDelayMs ?? 0;
  const maxDelayMs = b.maxDelayMs ?? minDelayMs;
  if (minDelayMs > maxDelayMs || maxDelayMs > maxDelayCapMs) {
    return { ok: false, error: badRequest('invalid_request', `delays need 0 ≤ minDelayMs ≤ maxDelayMs ≤ ${maxDelayCapMs}`) };
  }
  const split = b.split ?? 1;
  if (b.amount < BigInt(split)) return { ok: false, error: badRequest('invalid_request', 'amount is smaller than split') };
  return {
    ok: true,
    value: {
      from: new PublicKey(b.from),
      to: new PublicKey(b.to),
      mint: new PublicKey(b.mint),
      amount: b.amount,
      cluster: b.cluster,
      validator: b.validator === undefined ? undefined : new PublicKey(b.validator),
      clientRefId: ref.value,
      split,
      minDelayMs,
      maxDelayMs,
    },
  };
}

const mintQuerySchema = z.object({ mint: pubkey, cluster: cluster.optional(), validator: pubkey.optional(), address: pubkey.optional() });

export interface MintQuery {
  mint: PublicKey;
  cluster: string | undefined;
  validator: PublicKey | undefined;
  /** The owner whose balance is asked (balance, private-balance). */
  address: PublicKey | undefined;
}

/** Query of is-mint-initialized, balance, private-balance and the body of ensure-crank. */
export function parseMintQuery(input: unknown): Parsed<MintQuery> {
  const parsed = mintQuerySchema.safeParse(input ?? {});
  if (!parsed.success) return { ok: false, error: zodError(parsed.error) };
  const q = parsed.data;
  return {
    ok: true,
    value: {
      mint: new PublicKey(q.mint),
      cluster: q.cluster,
      validator: q.validator ? new PublicKey(q.validator) : undefined,
      address: q.address ? new PublicKey(q.address) : undefined,
    },
  };
}

const optionalMintSchema = z.object({ mint: pubkey.optional(), cluster: cluster.optional(), validator: pubkey.optional() });

export function parseEnsureCrank(input: unknown): Parsed<{ mint: PublicKey | undefined; validator: PublicKey | undefined }> {
  const parsed = optionalMintSchema.safeParse(input ?? {});
  if (!parsed.success) return { ok: false, error: zodError(parsed.error) };
  const { mint, validator } = parsed.data;
  return {
    ok: true,
    value: { mint: mint ? new PublicKey(mint) : undefined, validator: validator ? new PublicKey(validator) : undefined },
  };
}

const amountBodySchema = z.strictObject({
  mint: pubkey.optional(),
  amount,
  cluster: cluster.optional(),
  owner: pubkey.optional(),
  validator: pubkey.optional(),
  private: z.boolean().optional(),
  ...initFlags,
});

/**
 * Body of deposit and withdraw. `mint` defaults to the cluster's USDC as on the real API (here:
 * localnet's USDC, undefined); `owner` is the wallet (deposit needs no bearer token).
 */
export function parseAmountBody(input: unknown): Parsed<{ mint: PublicKey | undefined; amount: bigint; owner: PublicKey | undefined }> {
  const parsed = amountBodySchema.safeParse(input);
  if (!parsed.success) return { ok: false, error: zodError(parsed.error) };
  const b = parsed.data;
  return { ok: true, value: { mint: b.mint ? new PublicKey(b.mint) : undefined, amount: b.amount, owner: b.owner ? new PublicKey(b.owner) : undefined } };
}

const loginSchema = z.strictObject({ pubkey, challenge: z.string().min(1).max(200), signature: z.string().min(1).max(200), cluster: cluster.optional() });

export function parseLogin(input: unknown): Parsed<{ pubkey: PublicKey; challenge: string; signature: string }> {
  const parsed = loginSchema.safeParse(input);
  if (!parsed.success) return { ok: false, error: zodError(parsed.error) };
  return { ok: true, value: { ...parsed.data, pubkey: new PublicKey(parsed.data.pubkey) } };
}

const challengeQuerySchema = z.object({ pubkey: pubkey.optional() });

export function parseChallengeQuery(input: unknown): Parsed<{ pubkey: PublicKey | undefined }> {
  const parsed = challengeQuerySchema.safeParse(input ?? {});
  if (!parsed.success) return { ok: false, error: zodError(parsed.error) };
  return { ok: true, value: { pubkey: parsed.data.pubkey ? new PublicKey(parsed.data.pubkey) : undefined } };
}
