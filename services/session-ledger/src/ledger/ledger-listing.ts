import type { RedisClient } from '@quietpay/platform';
import { Cluster, type Redis } from 'ioredis';
import { ledgerKeys } from './ledger.keys';
import { chargeOf, sessionRecordFromHash } from './ledger.repository';
import type { ChargeRecord, SessionRecord } from './ledger.types';

/** A stored session and the flags the operator views show beside it. */
export interface ListedSession {
  readonly record: SessionRecord;
  /** Opened through the seed-compatible path (the stored session's `legacy` field is "1"). */
  readonly legacy: boolean;
}

export interface SessionScan {
  readonly sessions: readonly ListedSession[];
  /** Redis SCAN cursor to continue from; "0" when the scan is complete. */
  readonly cursor: string;
}

/**
 * Read-only operator views of the ledger's keys: a SCAN over session hashes (no index to keep in
 * step with the money path; an operator listing can afford O(sessions) over several pages) and
 * a session's charges through its settlement index. Never used on the payment path.
 */
export class LedgerListing {
  private readonly sessionKey: RegExp;

  constructor(
    private readonly redis: RedisClient,
    private readonly prefix: string,
  ) {
    this.sessionKey = new RegExp(`^${escapeRegExp(prefix)}s:\\{[^}]+\\}$`);
  }

  /** One SCAN step of about `count` keys: the session hashes among them. */
  async scanSessions(cursor: string, count: number): Promise<SessionScan> {
    const [next, keys] = await this.scanStep(cursor, count);
    const sessionKeys = keys.filter((k) => this.sessionKey.test(k));
    if (sessionKeys.length === 0) return { sessions: [], cursor: next };
    const pipeline = this.redis.pipeline();
    for (const key of sessionKeys) pipeline.hgetall(key);
    const replies = (await pipeline.exec()) ?? [];
    const sessions: ListedSession[] = [];
    for (const [error, hash] of replies) {
      if (error) throw error;
      const h = hash as Record<string, string>;
      // A key that expired between SCAN and HGETALL reads as empty.
      if (h['sessionId']) sessions.push(listed(h));
    }
    return { sessions, cursor: next };
  }

  /**
   * SCAN on one Redis; on a Redis Cluster, the masters one after the other (sorted by address),
   * the cursor carrying which one: node cursor × 1000 + node index, still one decimal number.
   */
  private async scanStep(cursor: string, count: number): Promise<[string, string[]]> {
    const match = `${escapeGlob(this.prefix)}s:{*}`;
    if (!(this.redis instanceof Cluster)) return this.redis.scan(cursor, 'MATCH', match, 'COUNT', count, 'TYPE', 'hash');
    const masters = this.redis.nodes('master').sort((a, b) => nodeName(a).localeCompare(nodeName(b)));
    const at = BigInt(cursor);
    const index = Number(at % NODE_SLOTS);
    const node = masters[index];
    if (node === undefined) return ['0', []];
    const [next, keys] = await node.scan((at / NODE_SLOTS).toString(), 'MATCH', match, 'COUNT', count, 'TYPE', 'hash');
    if (next !== '0') return [(BigInt(next) * NODE_SLOTS + BigInt(index)).toString(), keys];
    return [index + 1 < masters.length ? String(index + 1) : '0', keys];
  }

  /** One session with its listing flags, or null. */
  async session(sessionId: string): Promise<ListedSession | null> {
    const h = await this.redis.hgetall(ledgerKeys(this.prefix, sessionId).session);
    return h['sessionId'] ? listed(h) : null;
  }

  /** Every charge of a session (any state), through its settlement index (charge id → idempotency key). */
  async charges(sessionId: string): Promise<ChargeRecord[]> {
    const keys = ledgerKeys(this.prefix, sessionId);
    const index = await this.redis.hgetall(keys.settlements);
    const entries = Object.entries(index);
    if (entries.length === 0) return [];
    const pipeline = this.redis.pipeline();
    for (const [, idempotencyKey] of entries) pipeline.hgetall(keys.charge(idempotencyKey));
    const replies = (await pipeline.exec()) ?? [];
    const charges: ChargeRecord[] = [];
    replies.forEach(([error, hash], i) => {
      if (error) throw error;
      const charge = chargeOf(sessionId, entries[i]?.[1] ?? '', hash as Record<string, string>);
      if (charge) charges.push(charge);
    });
    return charges;
  }
}

/** How many cluster masters a listing cursor can name. */
const NODE_SLOTS = 1000n;

function nodeName(node: Redis): string {
  return `${node.options.host ?? ''}:${node.options.port ?? 0}`;
}

function listed(h: Record<string, string>): ListedSession {
  return { record: sessionRecordFromHash(h), legacy: h['legacy'] === '1' };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

// SCAN MATCH is a glob: a prefix with glob characters must match itself literally.
function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, '\\$&');
}
