import { SettlementStatus } from '@quietpay/contracts';
import { LuaScript, type RedisClient, type SettlementFailureReason } from '@quietpay/platform';
import type { BatchRecords } from '../ports/batch-records.port';
import { SentAttempt, sessionTagOf, settlementKey, SettlementVerdict, verdictOf } from './settlement.store';
import { submitterError } from '../submitter.errors';

/**
 * Forms a session's next batch, or returns the one already open: a batch is never formed twice
 * for the same charges. Membership (the members list, each member's batchId and the sum) is written
 * in this one script, before anything is built, so a crashed flush resumes exactly this batch.
 * Every key it touches is declared (Redis Cluster), so the caller reads the head of the pending
 * list first and passes those ids' record keys; the script takes exactly those ids if they are
 * still the head of the list (new charges only ever join at the tail), else answers 'retry'.
 * KEYS: 1 open pointer, 2 pending list, 3 batch key, 4 members key, 5.. the ids' record keys.
 * ARGV: 1 new batch id, 2 session id, 3 ttl, 4 now ms, 5.. the ids read ahead.
 */
const FORM_OR_RESUME = `
local open = redis.call('GET', KEYS[1])
if open then return open end
local n = #ARGV - 4
if n == 0 then return false end
local ids = redis.call('LRANGE', KEYS[2], 0, n - 1)
if #ids ~= n then return {'retry'} end
for i = 1, n do if ids[i] ~= ARGV[i + 4] then return {'retry'} end end
redis.call('LTRIM', KEYS[2], n, -1)
local sum = 0
local members = {}
for i, id in ipairs(ids) do
  local rk = KEYS[i + 4]
  if redis.call('HGET', rk, 'status') == '${SettlementStatus.QUEUED}' and not redis.call('HGET', rk, 'batchId') then
    sum = sum + tonumber(redis.call('HGET', rk, 'amount'))
    redis.call('HSET', rk, 'batchId', ARGV[1])
    members[#members + 1] = id
  end
end
if #members == 0 then return false end
redis.call('HSET', KEYS[3], 'batchId', ARGV[1], 'sessionId', ARGV[2], 'amount', string.format('%.0f', sum), 'status', '${SettlementStatus.QUEUED}', 'formedAtMs', ARGV[4])
redis.call('RPUSH', KEYS[4], unpack(members))
redis.call('EXPIRE', KEYS[3], ARGV[3])
redis.call('EXPIRE', KEYS[4], ARGV[3])
redis.call('SET', KEYS[1], ARGV[1])
return ARGV[1]`;

/** How often a batch is formed again when the pending list's head moved under the read-ahead. */
const FORM_ATTEMPTS = 5;

// Closes the batch only if it is still the session's open one (a resumed flush may close it twice).
const CLOSE = `
redis.call('HSET', KEYS[2], 'status', ARGV[2], 'signature', ARGV[3], 'failureReason', ARGV[4])
if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end
return 1`;

const FORM_SCRIPT = new LuaScript(FORM_OR_RESUME);
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
}

/** Batched-mode state in Redis: per-session pending lists, open pointers and batch records. */
export class BatchStore implements BatchRecords {
  constructor(
    private readonly redis: RedisClient,
    private readonly prefix: string,
    private readonly ttlSeconds: number,
  ) {}

  pendingKey(sessionId: string): string {
    return `${this.prefix}:batch:pending:{${sessionId}}`;
  }

  async pendingCount(sessionId: string): Promise<number> {
    return this.redis.llen(this.pendingKey(sessionId));
  }

  /**
   * The open batch of the session, or a new one from its pending charges; undefined when none.
   * A new batch's id is `<session>.<newBatchId>`, so its keys share the session's slot.
   */
  async formOrResume(sessionId: string, newBatchId: string, maxSize: number): Promise<string | undefined> {
    const batchId = `${sessionId}.${newBatchId}`;
    for (let attempt = 0; attempt < FORM_ATTEMPTS; attempt += 1) {
      const ids = await this.redis.lrange(this.pendingKey(sessionId), 0, maxSize - 1);
      const keys = [
        this.openKey(sessionId),
        this.pendingKey(sessionId),
        this.key(batchId),
        `${this.key(batchId)}:members`,
        ...ids.map((id) => settlementKey(this.prefix, id)),
      ];
      const id = await FORM_SCRIPT.run(this.redis, keys, [batchId, sessionId, String(this.ttlSeconds), String(Date.now()), ...ids]);
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

  async setInFlight(batchId: string, inFlight: boolean): Promise<void> {
    await this.redis.hset(this.key(batchId), 'inFlight', inFlight ? '1' : '0');
  }

  async close(
    batch: Batch,
    status: SettlementStatus.SETTLED | SettlementStatus.FAILED,
    signature: string,
    reason: SettlementFailureReason | '',
  ): Promise<void> {
    await CLOSE_SCRIPT.run(this.redis, [this.openKey(batch.sessionId), this.key(batch.batchId)], [batch.batchId, String(status), signature, reason]);
  }

  private openKey(sessionId: string): string {
    return `${this.prefix}:batch:open:{${sessionId}}`;
  }

  private key(batchId: string): string {
    return `${this.prefix}:batch:${sessionTagOf(batchId)}:${batchId}`;
  }
}
