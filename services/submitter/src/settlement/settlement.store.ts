import { SettlementRecord, SettlementStatus } from '@quietpay/contracts';
import { LuaScript, type RedisClient, type SettlementFailureReason, settlementFailureReasonOf } from '@quietpay/platform';
import type { FinishedSettlements } from './finished-settlements';
import { SettlementRecords } from '../ports/settlement-records.port';

// Creates the record only when absent, atomically: the first submit of an id wins, every later one
// is a duplicate. In batched mode the session's pending-list entry is written with it, or neither.
// KEYS: record, [pending list] (one slot: both carry the session's hash tag). ARGV: ttl, id, fields...
const CREATE = `
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('HSET', KEYS[1], unpack(ARGV, 3))
redis.call('EXPIRE', KEYS[1], ARGV[1])
if KEYS[2] then redis.call('RPUSH', KEYS[2], ARGV[2]) end
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
  | { readonly kind: 'releasing'; readonly reason: SettlementFailureReason; readonly detail: string };

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
 * Settlement records in Redis (`<prefix>:settlement:{<session>}:<id>`), the source of truth for
 * status queries and for a per-call submit waiting on the outcome, whichever replica runs the
 * job; plus the index of settlements not finished yet (`<prefix>:settlements:open`, scored by
 * creation ms). A record shares its session's cluster slot (the batch scripts touch both); the
 * index is one key for all, so it is written outside the scripts and kept a superset: an id is
 * added before its record is created and dropped after the record finished, and the reconciler
 * skips ids whose record is missing or finished.
 */
export class SettlementStore implements SettlementRecords {
  constructor(
    private readonly redis: RedisClient,
    private readonly prefix: string,
    private readonly ttlSeconds: number,
    /** Told after a record is written finished: wakes this process's submits waiting on it. */
    private readonly finishes?: Pick<FinishedSettlements, 'finished'>,
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
    const args = [String(this.ttlSeconds), record.settlementId, ...Object.entries(fields).flat()];
    await this.redis.zadd(this.openKey(), 'NX', createdAtMs, record.settlementId);
    const keys = pendingKey === undefined ? [this.key(record.settlementId)] : [this.key(record.settlementId), pendingKey];
    return (await CREATE_SCRIPT.run(this.redis, keys, args)) === 1;
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
      failureReason: settlementFailureReasonOf(h['failureReason'] ?? ''),
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

  async markReleasing(settlementId: string, reason: SettlementFailureReason, detail: string): Promise<void> {
    await this.update(settlementId, { verdict: 'releasing', verdictReason: reason, verdictDetail: detail.slice(0, 500) });
  }

  async markSettled(settlementId: string, signature: string): Promise<void> {
    await this.finish(settlementId, { status: String(SettlementStatus.SETTLED), signature, failureReason: '' });
  }

  async markFailed(settlementId: string, reason: SettlementFailureReason): Promise<void> {
    await this.finish(settlementId, { status: String(SettlementStatus.FAILED), failureReason: reason });
  }

  private async finish(settlementId: string, fields: Record<string, string>): Promise<void> {
    // Two keys in two slots: the record first, so a crash in between leaves a finished record
    // indexed (skipped and dropped by the reconciler), never an open one unindexed.
    await this.redis.hset(this.key(settlementId), { ...fields, updatedAtUnix: String(nowUnix()) });
    this.finishes?.finished(settlementId);
    await this.redis.zrem(this.openKey(), settlementId);
  }

  private async update(settlementId: string, fields: Record<string, string>): Promise<void> {
    await this.redis.hset(this.key(settlementId), { ...fields, updatedAtUnix: String(nowUnix()) });
  }

  key(settlementId: string): string {
    return settlementKey(this.prefix, settlementId);
  }

  private openKey(): string {
    return `${this.prefix}:settlements:open`;
  }
}

const CREATE_SCRIPT = new LuaScript(CREATE);

/**
 * The cluster hash tag of a settlement or batch id: its session. A settlement id is
 * `<session>.<uuid>` (the ledger's charge id) and a batch id `<session>.<uuid>` (BatchStore), so
 * a session's records, batches and pending list share one slot; an id without a '.' is its own tag.
 */
export function sessionTagOf(id: string): string {
  const at = id.lastIndexOf('.');
  return `{${at > 0 ? id.slice(0, at) : id}}`;
}

/** The Redis key of a settlement record. */
export function settlementKey(prefix: string, settlementId: string): string {
  return `${prefix}:settlement:${sessionTagOf(settlementId)}:${settlementId}`;
}

/** The verdict fields of a settlement or batch hash. */
export function verdictOf(h: Record<string, string>): SettlementVerdict | undefined {
  if (h['verdict'] === 'landed' && h['signature']) {
    return { kind: 'landed', signature: h['signature'], slot: h['landedSlot'] ? Number(h['landedSlot']) : undefined };
  }
  if (h['verdict'] === 'releasing') {
    return { kind: 'releasing', reason: settlementFailureReasonOf(h['verdictReason'] ?? '') || 'unexpected_error', detail: h['verdictDetail'] ?? '' };
  }
  return undefined;
}

function nowUnix(): number {
  return Math.floor(Date.now() / 1000);
}
