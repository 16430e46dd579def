import { SettlementStatus } from '@quietpay/contracts';
import { LuaScript, type RedisClient, type SettlementFailureReason } from '@quietpay/platform';
import type { BatchRecords } from '../ports/batch-records.port';
import { SentAttempt, sessionTagOf, settlementKey, SettlementVerdict, verdictOf } from './settlement.store';
import { submitterError } from '../submitter.errors';

/**
 * Forms a session's next batch, if fewer than `depth` of its batches are open: a batch is never
 * formed twice for the same charges. Membership (the members list, each member's batchId and the
 * sum) and the batch's place at the tail of the session's ordered open set are written in this one
 * script, before anything is built, so a crashed flush resumes exactly these batches.
 * Every key it touches is declared (Redis Cluster), so the caller reads the head of the pending
 * list first and passes those ids' record keys; the script takes exactly those ids if they are
 * still the head of the list (new charges only ever join at the tail), else answers 'retry'.
 * A legacy single open pointer (`batch:open`, before open batches became an ordered set) counts
 * as the oldest open batch, so a batch left open across the upgrade is resumed first.
 * KEYS: 1 open set (list, oldest first), 2 legacy open pointer, 3 pending list, 4 batch key,
 * 5 members key, 6.. the ids' record keys.
 * ARGV: 1 new batch id, 2 session id, 3 ttl, 4 now ms, 5 depth, 6.. the ids read ahead.
 * Returns the new batch id, false (nothing formed: no pending charge, or `depth` batches open) or {'retry'}.
 */
const FORM_NEXT = `
local open = redis.call('LLEN', KEYS[1])
if redis.call('EXISTS', KEYS[2]) == 1 then open = open + 1 end
if open >= tonumber(ARGV[5]) then return false end
local n = #ARGV - 5
if n == 0 then return false end
local ids = redis.call('LRANGE', KEYS[3], 0, n - 1)
if #ids ~= n then return {'retry'} end
for i = 1, n do if ids[i] ~= ARGV[i + 5] then return {'retry'} end end
redis.call('LTRIM', KEYS[3], n, -1)
local sum = 0
local members = {}
for i, id in ipairs(ids) do
  local rk = KEYS[i + 5]
  if redis.call('HGET', rk, 'status') == '${SettlementStatus.QUEUED}' and not redis.call('HGET', rk, 'batchId') then
    sum = sum + tonumber(redis.call('HGET', rk, 'amount'))
    redis.call('HSET', rk, 'batchId', ARGV[1])
    members[#members + 1] = id
  end
end
if #members == 0 then return false end
redis.call('HSET', KEYS[4], 'batchId', ARGV[1], 'sessionId', ARGV[2], 'amount', string.format('%.0f', sum), 'status', '${SettlementStatus.QUEUED}', 'formedAtMs', ARGV[4])
redis.call('RPUSH', KEYS[5], unpack(members))
redis.call('EXPIRE', KEYS[4], ARGV[3])
redis.call('EXPIRE', KEYS[5], ARGV[3])
redis.call('RPUSH', KEYS[1], ARGV[1])
redis.call('EXPIRE', KEYS[1], ARGV[3])
return ARGV[1]`;

/** How often a batch is formed again when the pending list's head moved under the read-ahead. */
const FORM_ATTEMPTS = 5;

// Closes the batch and takes it out of the session's open set (a resumed flush may close it twice).
// KEYS: 1 open set, 2 legacy open pointer, 3 batch key. ARGV: 1 batch id, 2 status, 3 signature, 4 reason.
const CLOSE = `
redis.call('HSET', KEYS[3], 'status', ARGV[2], 'signature', ARGV[3], 'failureReason', ARGV[4])
redis.call('HDEL', KEYS[3], 'awaitedUntilMs')
redis.call('LREM', KEYS[1], 0, ARGV[1])
if redis.call('GET', KEYS[2]) == ARGV[1] then redis.call('DEL', KEYS[2]) end
return 1`;

const FORM_SCRIPT = new LuaScript(FORM_NEXT);
const CLOSE_SCRIPT = new LuaScript(CLOSE);

export interface Batch {
  readonly batchId: string;
  readonly sessionId: string;
  /** Sum of the members' amounts, base units. */
  readonly amount: string;
  readonly status: SettlementStatus;
  readonly members: readonly string[];
  readonly sent: SentAttempt | undefined;
  /** When the batch was formed (ms): its retry deadline counts from it. */
  readonly formedAtMs: number;
  readonly verdict: SettlementVerdict | undefined;
  /**
   * Until when (ms) a flush that landed this batch's transaction on the node (`processed`) and
   * released the source lock is awaiting its confirmation; 0 when no one said so. Refreshed on
   * every look at the chain, so a lapsed value means that waiter is gone (crashed or retrying).
   */
  readonly awaitedUntilMs: number;
}

/** Batched-mode state in Redis: per-session pending lists, ordered open sets and batch records. */
export class BatchStore implements BatchRecords {
  constructor(
    private readonly redis: RedisClient,
    private readonly prefix: string,
    private readonly ttlSeconds: number,
  ) {}

  pendingKey(sessionId: string): string {
    return `${this.prefix}:batch:pending:{${sessionId}}`;
  }

  /** A flush job of the session starts (coalesced mode clears its schedule mark; nothing here). */
  async flushStarting(_sessionId: string): Promise<void> {
    return Promise.resolve();
  }

  async pendingCount(sessionId: string): Promise<number> {
    return this.redis.llen(this.pendingKey(sessionId));
  }

  /** The session's open batches, oldest first (the legacy single pointer, if set, leads). */
  async openBatches(sessionId: string): Promise<string[]> {
    const [legacy, open] = await Promise.all([this.redis.get(this.legacyOpenKey(sessionId)), this.redis.lrange(this.openKey(sessionId), 0, -1)]);
    return legacy === null || open.includes(legacy) ? open : [legacy, ...open];
  }

  /**
   * A new batch from the session's pending charges, at the tail of its open set; undefined when
   * none are pending or `depth` batches are open already. Its id is `<session>.<newBatchId>`, so
   * its keys share the session's slot.
   */
  async formNext(sessionId: string, newBatchId: string, maxSize: number, depth: number): Promise<string | undefined> {
    const batchId = `${sessionId}.${newBatchId}`;
    for (let attempt = 0; attempt < FORM_ATTEMPTS; attempt += 1) {
      const ids = await this.redis.lrange(this.pendingKey(sessionId), 0, maxSize - 1);
      const keys = [
        this.openKey(sessionId),
        this.legacyOpenKey(sessionId),
        this.pendingKey(sessionId),
        this.key(batchId),
        `${this.key(batchId)}:members`,
        ...ids.map((id) => settlementKey(this.prefix, id)),
      ];
      const id = await FORM_SCRIPT.run(this.redis, keys, [batchId, sessionId, String(this.ttlSeconds), String(Date.now()), String(depth), ...ids]);
      if (!Array.isArray(id)) return typeof id === 'string' ? id : undefined;
    }
    throw submitterError('batch_form_contended', `the pending list of session ${sessionId} kept moving while a batch formed`);
  }

  async get(batchId: string): Promise<Batch | undefined> {
    const [h, members] = await Promise.all([this.redis.hgetall(this.key(batchId)), this.redis.lrange(`${this.key(batchId)}:members`, 0, -1)]);
    if (h['batchId'] === undefined) return undefined;
    const sent =
      h['signature'] && h['signedTxBase64']
        ? {
            signature: h['signature'],
            signedTxBase64: h['signedTxBase64'],
            lastValidBlockHeight: Number(h['lastValidBlockHeight'] ?? 0),
            mayBeInFlight: h['inFlight'] !== '0',
          }
        : undefined;
    return {
      batchId,
      sessionId: h['sessionId'] ?? '',
      amount: h['amount'] ?? '0',
      status: Number(h['status'] ?? SettlementStatus.QUEUED) as SettlementStatus,
      members,
      sent,
      formedAtMs: Number(h['formedAtMs'] ?? Date.now()),
      verdict: verdictOf(h),
      awaitedUntilMs: Number(h['awaitedUntilMs'] ?? 0),
    };
  }

  async markSending(batchId: string, sent: SentAttempt): Promise<void> {
    await this.redis.hset(this.key(batchId), {
      status: String(SettlementStatus.SUBMITTED),
      signature: sent.signature,
      signedTxBase64: sent.signedTxBase64,
      lastValidBlockHeight: String(sent.lastValidBlockHeight),
      inFlight: '1',
    });
  }

  async markLanded(batchId: string, signature: string, slot: number | undefined): Promise<void> {
    await this.redis.hset(this.key(batchId), { verdict: 'landed', signature, landedSlot: slot === undefined ? '' : String(slot) });
  }

  async markReleasing(batchId: string, reason: SettlementFailureReason, detail: string): Promise<void> {
    await this.redis.hset(this.key(batchId), { verdict: 'releasing', verdictReason: reason, verdictDetail: detail.slice(0, 500) });
  }

  async markAwaited(batchId: string, untilMs: number): Promise<void> {
    await this.redis.hset(this.key(batchId), 'awaitedUntilMs', String(untilMs));
  }

  async setInFlight(batchId: string, inFlight: boolean): Promise<void> {
    await this.redis.hset(this.key(batchId), 'inFlight', inFlight ? '1' : '0');
  }

  async close(
    batch: Batch,
    status: SettlementStatus.SETTLED | SettlementStatus.FAILED,
    signature: string,
    reason: SettlementFailureReason | '',
  ): Promise<void> {
    const keys = [this.openKey(batch.sessionId), this.legacyOpenKey(batch.sessionId), this.key(batch.batchId)];
    await CLOSE_SCRIPT.run(this.redis, keys, [batch.batchId, String(status), signature, reason]);
  }

  /** The session's open batches, oldest first (a list: formed at the tail, closed from anywhere). */
  openKey(sessionId: string): string {
    return `${this.prefix}:batch:opened:{${sessionId}}`;
  }

  /** Before open batches were an ordered set: the session's one open batch. Only read and cleared. */
  private legacyOpenKey(sessionId: string): string {
    return `${this.prefix}:batch:open:{${sessionId}}`;
  }

  private key(batchId: string): string {
    return `${this.prefix}:batch:${sessionTagOf(batchId)}:${batchId}`;
  }
}
