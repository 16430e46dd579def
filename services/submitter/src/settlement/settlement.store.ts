import { SettlementRecord, SettlementStatus } from '@quietpay/contracts';
import { Redis } from 'ioredis';

// Creates the record only when absent, atomically: the first submit of an id wins, every later one is a duplicate.
const CREATE = `
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('HSET', KEYS[1], unpack(ARGV, 2))
redis.call('EXPIRE', KEYS[1], ARGV[1])
return 1`;

// Batched mode: the record and the session's pending-list entry are written together, or neither.
const CREATE_PENDING = `
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('HSET', KEYS[1], unpack(ARGV, 3))
redis.call('EXPIRE', KEYS[1], ARGV[1])
redis.call('RPUSH', KEYS[2], ARGV[2])
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

export interface StoredSettlement {
  readonly record: SettlementRecord;
  readonly sent: SentAttempt | undefined;
}

/**
 * Settlement records in Redis (`<prefix>:settlement:<id>`), the source of truth for status
 * queries and for a per-call submit waiting on the outcome, whichever replica runs the job.
 */
export class SettlementStore {
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
    const flat = Object.entries(fields).flat();
    const created =
      pendingKey === undefined
        ? await this.redis.eval(CREATE, 1, this.key(record.settlementId), String(this.ttlSeconds), ...flat)
        : await this.redis.eval(CREATE_PENDING, 2, this.key(record.settlementId), pendingKey, String(this.ttlSeconds), record.settlementId, ...flat);
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
    return { record, sent };
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

  async markSettled(settlementId: string, signature: string): Promise<void> {
    await this.update(settlementId, { status: String(SettlementStatus.SETTLED), signature, failureReason: '' });
  }

  async markFailed(settlementId: string, reason: string): Promise<void> {
    await this.update(settlementId, { status: String(SettlementStatus.FAILED), failureReason: reason });
  }

  private async update(settlementId: string, fields: Record<string, string>): Promise<void> {
    await this.redis.hset(this.key(settlementId), { ...fields, updatedAtUnix: String(nowUnix()) });
  }

  key(settlementId: string): string {
    return `${this.prefix}:settlement:${settlementId}`;
  }
}

function nowUnix(): number {
  return Math.floor(Date.now() / 1000);
}
