import { SettlementRecord, SettlementStatus } from '@quietpay/contracts';
import { Redis } from 'ioredis';
import { SettlementRecords } from '../ports/settlement-records.port';

// Creates the record only when absent, atomically: the first submit of an id wins, every later one
// is a duplicate. The id joins the open index (scored by creation time) the reconciler walks.
// KEYS: record, open index. ARGV: ttl, id, created ms, fields...
const CREATE = `
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('HSET', KEYS[1], unpack(ARGV, 4))
redis.call('EXPIRE', KEYS[1], ARGV[1])
redis.call('ZADD', KEYS[2], ARGV[3], ARGV[2])
return 1`;

// Batched mode: the record, the open index and the session's pending-list entry are written
// together, or none. KEYS: record, open index, pending list.
const CREATE_PENDING = `
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('HSET', KEYS[1], unpack(ARGV, 4))
redis.call('EXPIRE', KEYS[1], ARGV[1])
redis.call('ZADD', KEYS[2], ARGV[3], ARGV[2])
redis.call('RPUSH', KEYS[3], ARGV[2])
return 1`;

/** The last transaction sent for a settlement, kept so a retry can check it before sending anew. */
export interface SentAttempt {
  readonly signature: string;
  readonly signedTxBase64: string;
  readonly lastValidBlockHeight: number;
  /**
   * False only when the one send of these bytes was refused by the node (never forwarded), so
   * they cannot land; true (the safe default) once any send of them may have reached the cluster.
   */
  readonly mayBeInFlight: boolean;
}

/**
 * What was decided before the ledger and the event stream were told: a retry finishes exactly
 * this (commit a landed transfer, release one that cannot land) instead of deciding again.
 */
export type SettlementVerdict =
  | { readonly kind: 'landed'; readonly signature: string; readonly slot: number | undefined }
  | { readonly kind: 'releasing'; readonly reason: string; readonly detail: string };

export interface StoredSettlement {
  readonly record: SettlementRecord;
  readonly sent: SentAttempt | undefined;
  /** When the first submit created the record (ms): the settlement's retry deadline counts from it. */
  readonly createdAtMs: number;
  readonly verdict: SettlementVerdict | undefined;
  /** The batch that carries the charge (batched or coalesced mode), once one formed with it. */
  readonly batchId?: string;
}

/**
 * Settlement records in Redis (`<prefix>:settlement:<id>`), the source of truth for status
 * queries and for a per-call submit waiting on the outcome, whichever replica runs the job; plus
 * the index of settlements not finished yet (`<prefix>:settlements:open`, scored by creation ms).
 */
export class SettlementStore implements SettlementRecords {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly ttlSeconds: number,
  ) {}

  /**
   * Creates the record (first submit wins) and, when `pendingKey` is given (batched mode), appends
   * the id to that session's pending list in the same script.
   */
  async create(record: Omit<SettlementRecord, 'updatedAtUnix' | 'attempts'>, pendingKey?: string): Promise<boolean> {
    const fields: Record<string, string> = {
      settlementId: record.settlementId,
      sessionId: record.sessionId,
      idempotencyKey: record.idempotencyKey,
      amount: record.amount,
      status: String(record.status),
      attempts: '0',
      updatedAtUnix: String(nowUnix()),
    };
    const createdAtMs = String(Date.now());
    fields['createdAtMs'] = createdAtMs;
    const args = [String(this.ttlSeconds), record.settlementId, createdAtMs, ...Object.entries(fields).flat()];
    const created =
      pendingKey === undefined
        ? await this.redis.eval(CREATE, 2, this.key(record.settlementId), this.openKey(), ...args)
        : await this.redis.eval(CREATE_PENDING, 3, this.key(record.settlementId), this.openKey(), pendingKey, ...args);
    return created === 1;
  }

  async get(settlementId: string): Promise<StoredSettlement | undefined> {
    const h = await this.redis.hgetall(this.key(settlementId));
    if (h['settlementId'] === undefined) return undefined;
    const record: SettlementRecord = {
      settlementId: h['settlementId'],
      sessionId: h['sessionId'] ?? '',
      idempotencyKey: h['idempotencyKey'] ?? '',
      amount: h['amount'] ?? '0',
      status: Number(h['status'] ?? SettlementStatus.QUEUED) as SettlementStatus,
      signature: h['signature'] ?? '',
      failureReason: h['failureReason'] ?? '',
      attempts: Number(h['attempts'] ?? 0),
      updatedAtUnix: Number(h['updatedAtUnix'] ?? 0),
    };
    const sent =
      h['signature'] && h['signedTxBase64']
        ? {
            signature: h['signature'],
            signedTxBase64: h['signedTxBase64'],
            lastValidBlockHeight: Number(h['lastValidBlockHeight'] ?? 0),
            mayBeInFlight: h['inFlight'] !== '0',
          }
        : undefined;
    return { record, sent, createdAtMs: Number(h['createdAtMs'] ?? record.updatedAtUnix * 1000), verdict: verdictOf(h), batchId: h['batchId'] || undefined };
  }

  /** Ids of settlements created before `beforeMs` and not finished, oldest first (at most `limit`). */
  async openBefore(beforeMs: number, limit: number): Promise<{ settlementId: string; createdAtMs: number }[]> {
    const flat = await this.redis.zrangebyscore(this.openKey(), '-inf', String(beforeMs), 'WITHSCORES', 'LIMIT', '0', String(limit));
    const out: { settlementId: string; createdAtMs: number }[] = [];
    for (let i = 0; i + 1 < flat.length; i += 2) out.push({ settlementId: flat[i] ?? '', createdAtMs: Number(flat[i + 1]) });
    return out;
  }

  /** The oldest unfinished settlement's creation time (ms), if any. */
  async oldestOpenMs(): Promise<number | undefined> {
    const [, score] = await this.redis.zrange(this.openKey(), '0', '0', 'WITHSCORES');
    return score === undefined ? undefined : Number(score);
  }

  /** Drops an id from the open index (its record expired or finished without being unindexed). */
  async forgetOpen(settlementId: string): Promise<void> {
    await this.redis.zrem(this.openKey(), settlementId);
  }

  /** Recorded before the send, so a crash between send and confirm is still checked on retry. */
  async markSending(settlementId: string, sent: SentAttempt): Promise<void> {
    await this.update(settlementId, {
      status: String(SettlementStatus.SUBMITTED),
      signature: sent.signature,
      signedTxBase64: sent.signedTxBase64,
      lastValidBlockHeight: String(sent.lastValidBlockHeight),
      inFlight: '1',
    });
  }

  /** The node refused the first send of these bytes: they were never forwarded. */
  async markRefused(settlementId: string): Promise<void> {
    await this.update(settlementId, { inFlight: '0' });
  }

  /** Before any re-send: from here on the bytes may be in flight whatever the node answers. */
  async markInFlight(settlementId: string): Promise<void> {
    await this.update(settlementId, { inFlight: '1' });
  }

  async countAttempt(settlementId: string): Promise<void> {
    await this.redis.hincrby(this.key(settlementId), 'attempts', 1);
  }

  async markLanded(settlementId: string, signature: string, slot: number | undefined): Promise<void> {
    await this.update(settlementId, { verdict: 'landed', signature, landedSlot: slot === undefined ? '' : String(slot) });
  }

  async markReleasing(settlementId: string, reason: string, detail: string): Promise<void> {
    await this.update(settlementId, { verdict: 'releasing', verdictReason: reason, verdictDetail: detail.slice(0, 500) });
  }

  async markSettled(settlementId: string, signature: string): Promise<void> {
    await this.finish(settlementId, { status: String(SettlementStatus.SETTLED), signature, failureReason: '' });
  }

  async markFailed(settlementId: string, reason: string): Promise<void> {
    await this.finish(settlementId, { status: String(SettlementStatus.FAILED), failureReason: reason });
  }

  private async finish(settlementId: string, fields: Record<string, string>): Promise<void> {
    await this.redis
      .multi()
      .hset(this.key(settlementId), { ...fields, updatedAtUnix: String(nowUnix()) })
      .zrem(this.openKey(), settlementId)
      .exec();
  }

  private async update(settlementId: string, fields: Record<string, string>): Promise<void> {
    await this.redis.hset(this.key(settlementId), { ...fields, updatedAtUnix: String(nowUnix()) });
  }

  key(settlementId: string): string {
    return `${this.prefix}:settlement:${settlementId}`;
  }

  private openKey(): string {
    return `${this.prefix}:settlements:open`;
  }
}

/** The verdict fields of a settlement or batch hash. */
export function verdictOf(h: Record<string, string>): SettlementVerdict | undefined {
  if (h['verdict'] === 'landed' && h['signature']) {
    return { kind: 'landed', signature: h['signature'], slot: h['landedSlot'] ? Number(h['landedSlot']) : undefined };
  }
  if (h['verdict'] === 'releasing') return { kind: 'releasing', reason: h['verdictReason'] ?? 'unexpected_error', detail: h['verdictDetail'] ?? '' };
  return undefined;
}

function nowUnix(): number {
  return Math.floor(Date.now() / 1000);
}
