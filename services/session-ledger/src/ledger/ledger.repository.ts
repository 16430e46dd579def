import { BoundedCache, FIXED_WINDOW_LIMIT_SCRIPT, LuaScript, type RedisClient } from '@quietpay/platform';
import { AUTHORIZE_BATCH_SCRIPT, AUTHORIZE_CHARGE_SCRIPT } from './authorize.lua';
import { CHARGE_SCRIPT, FINISH_CHARGE_SCRIPT, OPEN_CHARGE_INDEX_SCRIPT, SERVE_CHARGE_SCRIPT } from './charge.lua';
import { ledgerKeys, openChargesKey } from './ledger.keys';
import { sessionIdOfSettlement } from './settlement-id';
import type {
  CallAdmission,
  ChargeRecord,
  ChargeRejection,
  ChargeRequest,
  ChargeState,
  ReserveOutcome,
  SessionRecord,
  SessionStatus,
  SessionTerms,
  VerifyOutcome,
} from './ledger.types';

/** Largest cap the Lua arithmetic handles exactly (doubles). */
export const MAX_EXACT_AMOUNT = 2n ** 53n - 1n;

/** How long a used open nonce is remembered after the session it may open would expire. */
const NONCE_GRACE_SECONDS = 3600;

/** How many sessions' immutable terms one process remembers (~300 B each). */
const TERMS_CACHE_ENTRIES = 100_000;

type ScriptReply = [string, string, string];

const CHARGE = new LuaScript(CHARGE_SCRIPT);
const CALL_WINDOW = new LuaScript(FIXED_WINDOW_LIMIT_SCRIPT);
const INDEX_OPEN_CHARGE = new LuaScript(OPEN_CHARGE_INDEX_SCRIPT);
const FINISH_CHARGE = new LuaScript(FINISH_CHARGE_SCRIPT);
const SERVE_CHARGE = new LuaScript(SERVE_CHARGE_SCRIPT);
const AUTHORIZE_BATCH = new LuaScript(AUTHORIZE_BATCH_SCRIPT);

/** What the operator decided about charges (config): enforced inside the Lua scripts. */
export interface LedgerLimits {
  /** Smallest amount (base units) a call may be charged; below it is `amount_below_minimum`. */
  readonly minAmount: bigint;
  /** How long a session's keys (session, nonces, charges, index) outlive its expiry. */
  readonly retentionSeconds: number;
  /** Facilitator lamports a session may cost before it takes no further charge; 0: no limit. */
  readonly lamportBudget?: bigint;
  /**
   * Lamports each reserved charge holds against the budget until its settlement's confirmed cost
   * is counted (or it is released): the estimate that stops concurrent charges overshooting. 0: none.
   */
  readonly lamportsHeldPerCharge?: bigint;
  /** Verified calls (verify + reserve) one session may make per window; 0: no limit. */
  readonly callsPerWindow?: number;
  readonly callWindowSeconds?: number;
}

const DEFAULT_LIMITS: LedgerLimits = { minAmount: 1n, retentionSeconds: 7 * 24 * 3600 };

/**
 * Sessions, caps, nonces and charges in Redis. Every decision that spends is one Lua script, so
 * it is atomic across replicas. The only process memory is a bounded cache of what never changes
 * once a session is open (its key, payer, cap, expiry): with it, verify is one Redis round trip
 * (the script) and reserve two (the open-charge index, then the script), however many replicas
 * run. Every key a script touches is passed in KEYS and lives in the session's slot, so the
 * ledger runs unchanged on a Redis Cluster.
 */
export class LedgerRepository {
  private readonly terms = new BoundedCache<string, SessionTerms>(TERMS_CACHE_ENTRIES);

  constructor(
    private readonly redis: RedisClient,
    private readonly prefix = 'qp:',
    private readonly limits: LedgerLimits = DEFAULT_LIMITS,
  ) {}

  async createSession(record: SessionRecord): Promise<void> {
    if (BigInt(record.cap) > MAX_EXACT_AMOUNT) throw new RangeError('cap above 2^53-1 base units');
    const keys = ledgerKeys(this.prefix, record.sessionId);
    const created = await this.redis.hsetnx(keys.session, 'sessionId', record.sessionId);
    if (created === 0) throw new Error(`session ${record.sessionId} already exists`);
    // EXPIREAT is judged by Redis's clock, like every expiry check in the scripts.
    const budget = { lamportBudget: String(this.limits.lamportBudget ?? 0n), lamportsSpent: '0' };
    await this.redis
      .multi()
      .hset(keys.session, { ...toHash(record), ...budget })
      .expireat(keys.session, record.expirationUnix + this.limits.retentionSeconds)
      .exec();
  }

  /**
   * Claims a user's session-open nonce once (SET NX), remembered until `untilUnix` plus a
   * grace, so one signed auth message can open at most one session.
   */
  async claimOpenNonce(user: string, nonce: string, nowUnix: number, untilUnix: number): Promise<boolean> {
    const ttl = Math.max(1, untilUnix - nowUnix + NONCE_GRACE_SECONDS);
    const key = `${this.prefix}open:{${user}}:${nonce}`;
    return (await this.redis.set(key, String(nowUnix), 'EX', ttl, 'NX')) === 'OK';
  }

  async admitCall(sessionId: string): Promise<CallAdmission> {
    const limit = this.limits.callsPerWindow ?? 0;
    if (limit <= 0) return { ok: true };
    const windowMs = (this.limits.callWindowSeconds ?? 60) * 1000;
    const reply = await CALL_WINDOW.run(this.redis, [ledgerKeys(this.prefix, sessionId).callWindow], [windowMs, limit]);
    const [over, retryAfterMs] = Array.isArray(reply) ? (reply as [number, number]) : [0, 0];
    return over === 0 ? { ok: true } : { ok: false, retryAfterMs };
  }

  async getSession(sessionId: string): Promise<SessionRecord | null> {
    const hash = await this.redis.hgetall(ledgerKeys(this.prefix, sessionId).session);
    if (!hash['sessionId']) return null;
    const record = sessionRecordFromHash(hash);
    this.terms.set(sessionId, termsOf(record));
    return record;
  }

  /**
   * The session's immutable terms, from memory after the first read. Status, spent and expiry
   * are still decided by the charge script on every call, so a cached entry can never let a
   * revoked, closed, exhausted or expired session pay.
   */
  async sessionTerms(sessionId: string): Promise<SessionTerms | null> {
    const cached = this.terms.get(sessionId);
    if (cached) return cached;
    const record = await this.getSession(sessionId);
    return record ? termsOf(record) : null;
  }

  async setStatus(sessionId: string, status: SessionStatus): Promise<boolean> {
    const key = ledgerKeys(this.prefix, sessionId).session;
    const result = await this.redis.eval(
      `if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end redis.call('HSET', KEYS[1], 'status', ARGV[1]) return 1`,
      1,
      key,
      status,
    );
    return result === 1;
  }

  /** Suspends an active session (no new charge; see SESSION_STATUS_SUSPENDED); false when it is not active. */
  async suspend(sessionId: string, reason: string): Promise<boolean> {
    const key = ledgerKeys(this.prefix, sessionId).session;
    const result = await this.redis.eval(
      `if redis.call('HGET', KEYS[1], 'status') ~= 'active' then return 0 end redis.call('HSET', KEYS[1], 'status', 'suspended', 'suspendedReason', ARGV[1]) return 1`,
      1,
      key,
      reason,
    );
    return result === 1;
  }

  /** Runs every check a charge would, without charging. */
  async verify(request: ChargeRequest): Promise<VerifyOutcome> {
    const [status, value] = await this.runCharge('verify', request, '');
    if (status === 'ok') return { ok: true, remaining: BigInt(value) };
    return { ok: false, reason: value as ChargeRejection };
  }

  /**
   * Checks and reserves atomically; the same idempotency key with the same payload returns the
   * original charge, with another payload `idempotency_conflict`.
   */
  async reserve(request: ChargeRequest, chargeId: string): Promise<ReserveOutcome> {
    // Indexed first, so no reservation is ever missing from the reconciler's index (see
    // OPEN_CHARGE_INDEX_SCRIPT); an id that did not become a charge is dropped again below.
    await INDEX_OPEN_CHARGE.run(this.redis, [openChargesKey(this.prefix)], [chargeId]);
    const [status, value, id] = await this.runCharge('reserve', request, chargeId);
    // A repeat naming this very id is this reservation's own script run again (a client library
    // resends a command whose reply a dropped connection lost): the charge is live, it stays indexed.
    if (status === 'err' || id !== chargeId) await this.forgetOpenCharge(chargeId);
    if (status === 'err') return { ok: false, reason: value as ChargeRejection };
    if (status === 'ok') {
      // The script wrote exactly this record and answered the new spent: nothing to read back.
      const charge: ChargeRecord = {
        chargeId: id,
        sessionId: request.sessionId,
        idempotencyKey: request.idempotencyKey,
        amount: request.amount.toString(),
        nonce: request.nonce,
        state: 'reserved',
        signature: '',
        reason: '',
      };
      return { ok: true, charge, duplicate: false, spent: BigInt(value) };
    }
    // A repeat: the stored charge (it may have settled since) and the session's spent, in one round trip.
    const keys = ledgerKeys(this.prefix, request.sessionId);
    const replies = await this.redis.pipeline().hgetall(keys.charge(request.idempotencyKey)).hget(keys.session, 'spent').exec();
    const [chargeReply, spentReply] = replies ?? [];
    const charge = chargeOf(request.sessionId, request.idempotencyKey, (chargeReply?.[1] ?? {}) as Record<string, string>);
    if (chargeReply?.[0] || spentReply?.[0] || !charge) throw new Error(`charge ${id} vanished after reservation`);
    return { ok: true, charge, duplicate: id !== chargeId, spent: BigInt((spentReply?.[1] as string | null | undefined) ?? '0') };
  }

  async getCharge(sessionId: string, idempotencyKey: string): Promise<ChargeRecord | null> {
    return chargeOf(sessionId, idempotencyKey, await this.redis.hgetall(ledgerKeys(this.prefix, sessionId).charge(idempotencyKey)));
  }

  /** Where a charge lives, from its settlement id alone (the id names its session); null when unknown. */
  async locate(settlementId: string): Promise<{ sessionId: string; idempotencyKey: string } | null> {
    const sessionId = sessionIdOfSettlement(settlementId);
    const idempotencyKey = sessionId ? await this.idempotencyKeyOf(sessionId, settlementId) : null;
    return sessionId && idempotencyKey !== null ? { sessionId, idempotencyKey } : null;
  }

  /** The idempotency key of a charge by its id (the settlement id), within its session. */
  async idempotencyKeyOf(sessionId: string, chargeId: string): Promise<string | null> {
    return this.redis.hget(ledgerKeys(this.prefix, sessionId).settlements, chargeId);
  }

  /** Claims a reserved charge for its own transfer; the amount it may move, or why not. */
  async claimForOwnTransfer(sessionId: string, idempotencyKey: string): Promise<ClaimOutcome> {
    const keys = ledgerKeys(this.prefix, sessionId);
    const [status, value] = (await this.redis.eval(AUTHORIZE_CHARGE_SCRIPT, 1, keys.charge(idempotencyKey))) as [string, string];
    return status === 'ok' ? { ok: true, amount: BigInt(value) } : { ok: false, reason: value as ClaimRefusal, settlementId: '' };
  }

  /** Claims a session's reserved charges for one batch transfer; their sum, or why not. */
  async claimForBatch(sessionId: string, batchId: string, settlementIds: readonly string[]): Promise<ClaimOutcome> {
    const keys = ledgerKeys(this.prefix, sessionId);
    // The members' charge keys are read first so the script can declare them (Redis Cluster);
    // the script checks each against the index again. An unknown id gets a key no charge has.
    const idempotencyKeys = settlementIds.length > 0 ? await this.redis.hmget(keys.settlements, ...settlementIds) : [];
    const chargeKeys = idempotencyKeys.map((key) => (key === null ? keys.chargePrefix : keys.charge(key)));
    const [status, value, id] = (await AUTHORIZE_BATCH.run(
      this.redis,
      [keys.settlements, keys.batch(batchId), ...chargeKeys],
      [batchId, keys.chargePrefix, ...settlementIds],
    )) as [string, string, string];
    return status === 'ok' ? { ok: true, amount: BigInt(value) } : { ok: false, reason: value as ClaimRefusal, settlementId: id };
  }

  /** Marks a reserved charge settled with its on-chain signature. */
  settle(sessionId: string, idempotencyKey: string, signature: string): Promise<FinishOutcome> {
    return this.finish(sessionId, idempotencyKey, 'settled', signature, '', {});
  }

  /** Gives a reserved charge's amount back to the session after a recorded failure. */
  release(sessionId: string, idempotencyKey: string, reason: string, options: ReleaseOptions = {}): Promise<FinishOutcome> {
    return this.finish(sessionId, idempotencyKey, 'released', '', reason, options);
  }

  /** Claims the charge's one serve for `serveToken` (see SERVE_CHARGE_SCRIPT). */
  async claimServe(
    sessionId: string,
    idempotencyKey: string,
    serveToken: string,
  ): Promise<{ ok: true } | { ok: false; reason: 'charge_not_found' | 'charge_released' | 'nonce_replayed' }> {
    const [status, value] = (await SERVE_CHARGE.run(this.redis, [ledgerKeys(this.prefix, sessionId).charge(idempotencyKey)], [serveToken])) as [string, string];
    return status === 'ok' ? { ok: true } : { ok: false, reason: value as 'charge_not_found' | 'charge_released' | 'nonce_replayed' };
  }

  /** Reserved charges reserved at least `olderThanMs` ago by Redis time, oldest first. */
  async openCharges(olderThanMs: number, limit: number): Promise<{ settlementId: string; reservedAtMs: number }[]> {
    const [seconds, micros] = await this.redis.time();
    const bound = Number(seconds) * 1000 + Math.floor(Number(micros) / 1000) - olderThanMs;
    const flat = await this.redis.zrangebyscore(openChargesKey(this.prefix), '-inf', bound, 'WITHSCORES', 'LIMIT', 0, limit);
    const open: { settlementId: string; reservedAtMs: number }[] = [];
    for (let i = 0; i + 1 < flat.length; i += 2) open.push({ settlementId: flat[i] ?? '', reservedAtMs: Number(flat[i + 1]) });
    return open;
  }

  /** Drops an id from the open-charge index (a charge whose keys expired without finishing). */
  async forgetOpenCharge(settlementId: string): Promise<void> {
    await this.redis.zrem(openChargesKey(this.prefix), settlementId);
  }

  private async finish(
    sessionId: string,
    idempotencyKey: string,
    target: 'settled' | 'released',
    signature: string,
    reason: string,
    options: ReleaseOptions,
  ): Promise<FinishOutcome> {
    const keys = ledgerKeys(this.prefix, sessionId);
    const [state, changed, chargeId] = (await FINISH_CHARGE.run(
      this.redis,
      [keys.session, keys.charge(idempotencyKey)],
      [target, signature, reason, '', options.suspendSession ? '1' : '', options.onlyIfUnclaimed ? '1' : ''],
    )) as [string, number, string | undefined];
    if (state === 'missing') return { found: false, changed: false, state: null };
    if (state === 'in_transfer') return { found: true, changed: false, state: 'reserved', inTransfer: true };
    // Finished: out of the reconciler's index (a crash before this leaves an id its reader skips).
    if (chargeId) await this.forgetOpenCharge(chargeId);
    return { found: true, changed: changed === 1, state: state as ChargeState };
  }

  private async runCharge(mode: 'verify' | 'reserve', r: ChargeRequest, chargeId: string): Promise<ScriptReply> {
    const keys = ledgerKeys(this.prefix, r.sessionId);
    return (await CHARGE.run(
      this.redis,
      [keys.session, keys.nonce(r.nonce), keys.charge(r.idempotencyKey), keys.settlements],
      [
        mode,
        r.amount.toString(),
        this.limits.minAmount.toString(),
        r.payTo,
        r.asset,
        r.network,
        chargeId,
        String(this.limits.retentionSeconds),
        r.nonce,
        '',
        r.idempotencyKey,
        r.fingerprint,
        r.serveToken ?? '',
        r.claimServe ? '1' : '',
        String(this.limits.lamportsHeldPerCharge ?? 0n),
      ],
    )) as ScriptReply;
  }
}

export type ClaimRefusal = 'charge_not_found' | 'charge_not_reserved' | 'charge_in_batch' | 'batch_conflict' | 'batch_empty';

export type ClaimOutcome = { ok: true; amount: bigint } | { ok: false; reason: ClaimRefusal; settlementId: string };

export interface FinishOutcome {
  found: boolean;
  changed: boolean;
  state: ChargeState | null;
  /** An only-if-unclaimed release refused: a transfer claimed the charge. */
  inTransfer?: boolean;
}

export interface ReleaseOptions {
  /** The charge was served already (batched): suspend the session in the same step. */
  readonly suspendSession?: boolean;
  /** Release only if no transfer claimed the charge (the reconciler's case). */
  readonly onlyIfUnclaimed?: boolean;
}

function toHash(r: SessionRecord): Record<string, string> {
  return {
    sessionId: r.sessionId,
    user: r.user,
    spender: r.spender,
    asset: r.asset,
    recipient: r.recipient,
    network: r.network,
    cap: r.cap,
    spent: r.spent,
    perCallLimit: r.perCallLimit,
    expirationUnix: String(r.expirationUnix),
    sessionPubkey: r.sessionPubkey,
    sourceAccount: r.sourceAccount,
    approveTxSignature: r.approveTxSignature,
    status: r.status,
    createdAtMs: String(r.createdAtMs),
    // Absent on sessions stored before legacy sessions existed: those are quietpay sessions.
    ...(r.legacy ? { legacy: '1' } : {}),
  };
}

/** A session hash as stored (exported for the operator listing, ledger-listing.ts). */
export function sessionRecordFromHash(h: Record<string, string>): SessionRecord {
  const get = (k: string): string => h[k] ?? '';
  return {
    sessionId: get('sessionId'),
    user: get('user'),
    spender: get('spender'),
    asset: get('asset'),
    recipient: get('recipient'),
    network: get('network'),
    cap: get('cap'),
    spent: get('spent'),
    perCallLimit: get('perCallLimit'),
    expirationUnix: Number(get('expirationUnix')),
    sessionPubkey: get('sessionPubkey'),
    sourceAccount: get('sourceAccount'),
    approveTxSignature: get('approveTxSignature'),
    status: get('status') as SessionStatus,
    createdAtMs: Number(get('createdAtMs')),
    legacy: get('legacy') === '1',
  };
}

function termsOf(r: SessionRecord): SessionTerms {
  return { sessionId: r.sessionId, user: r.user, sessionPubkey: r.sessionPubkey, cap: r.cap, expirationUnix: r.expirationUnix, legacy: r.legacy };
}

/** A charge hash as stored, or null when it holds no charge. */
export function chargeOf(sessionId: string, idempotencyKey: string, hash: Record<string, string>): ChargeRecord | null {
  if (!hash['chargeId']) return null;
  return {
    chargeId: hash['chargeId'],
    sessionId,
    idempotencyKey,
    amount: hash['amount'] ?? '0',
    nonce: hash['nonce'] ?? '',
    state: (hash['state'] ?? 'reserved') as ChargeState,
    signature: hash['signature'] ?? '',
    reason: hash['reason'] ?? '',
  };
}
