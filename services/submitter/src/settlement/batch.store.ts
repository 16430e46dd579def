import { SettlementStatus } from '@quietpay/contracts';
import { Redis } from 'ioredis';
import { SentAttempt, SettlementVerdict, verdictOf } from './settlement.store';

/**
 * Forms a session's next batch, or returns the one already open: a batch is never formed twice
 * for the same charges. Membership (the members list, each member's batchId and the sum) is written
 * in this one script, before anything is built, so a crashed flush resumes exactly this batch.
 * KEYS: open pointer, pending list. ARGV: new batch id, max size, key prefix, session id, ttl, now ms.
 */
const FORM_OR_RESUME = `
local open = redis.call('GET', KEYS[1])
if open then return open end
local ids = redis.call('LRANGE', KEYS[2], 0, tonumber(ARGV[2]) - 1)
if #ids == 0 then return false end
redis.call('LTRIM', KEYS[2], #ids, -1)
local sum = 0
local members = {}
for _, id in ipairs(ids) do
  local rk = ARGV[3] .. ':settlement:' .. id
  if redis.call('HGET', rk, 'status') == '${SettlementStatus.QUEUED}' and not redis.call('HGET', rk, 'batchId') then
    sum = sum + tonumber(redis.call('HGET', rk, 'amount'))
    redis.call('HSET', rk, 'batchId', ARGV[1])
    members[#members + 1] = id
  end
end
if #members == 0 then return false end
local bk = ARGV[3] .. ':batch:' .. ARGV[1]
redis.call('HSET', bk, 'batchId', ARGV[1], 'sessionId', ARGV[4], 'amount', string.format('%.0f', sum), 'status', '${SettlementStatus.QUEUED}', 'formedAtMs', ARGV[6])
redis.call('RPUSH', bk .. ':members', unpack(members))
redis.call('EXPIRE', bk, ARGV[5])
redis.call('EXPIRE', bk .. ':members', ARGV[5])
redis.call('SET', KEYS[1], ARGV[1])
return ARGV[1]`;

// Closes the batch only if it is still the session's open one (a resumed flush may close it twice).
const CLOSE = `
redis.call('HSET', KEYS[2], 'status', ARGV[2], 'signature', ARGV[3], 'failureReason', ARGV[4])
if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end
return 1`;

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
export class BatchStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly ttlSeconds: number,
  ) {}

  pendingKey(sessionId: string): string {
    return `${this.prefix}:batch:pending:${sessionId}`;
  }

  async pendingCount(sessionId: string): Promise<number> {
    return this.redis.llen(this.pendingKey(sessionId));
  }

  /** The open batch of the session, or a new one from its pending charges; undefined when none. */
  async formOrResume(sessionId: string, newBatchId: string, maxSize: number): Promise<string | undefined> {
    const id = await this.redis.eval(FORM_OR_RESUME, 2, this.openKey(sessionId), this.pendingKey(sessionId), newBatchId, String(maxSize), this.prefix, sessionId, String(this.ttlSeconds), String(Date.now()));
    return typeof id === 'string' ? id : undefined;
  }

  async get(batchId: string): Promise<Batch | undefined> {
    const [h, members] = await Promise.all([this.redis.hgetall(this.key(batchId)), this.redis.lrange(`${this.key(batchId)}:members`, 0, -1)]);
    if (h['batchId'] === undefined) return undefined;
    const sent =
      h['signature'] && h['signedTxBase64']
        ? { signature: h['signature'], signedTxBase64: h['signedTxBase64'], lastValidBlockHeight: Number(h['lastValidBlockHeight'] ?? 0), mayBeInFlight: h['inFlight'] !== '0' }
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

  async markReleasing(batchId: string, reason: string, detail: string): Promise<void> {
    await this.redis.hset(this.key(batchId), { verdict: 'releasing', verdictReason: reason, verdictDetail: detail.slice(0, 500) });
  }

  async setInFlight(batchId: string, inFlight: boolean): Promise<void> {
    await this.redis.hset(this.key(batchId), 'inFlight', inFlight ? '1' : '0');
  }

  async close(batch: Batch, status: SettlementStatus.SETTLED | SettlementStatus.FAILED, signature: string, reason: string): Promise<void> {
    await this.redis.eval(CLOSE, 2, this.openKey(batch.sessionId), this.key(batch.batchId), batch.batchId, String(status), signature, reason);
  }

  private openKey(sessionId: string): string {
    return `${this.prefix}:batch:open:${sessionId}`;
  }

  private key(batchId: string): string {
    return `${this.prefix}:batch:${batchId}`;
  }
}
