import { readFileSync } from 'node:fs';
import type { Redis } from 'ioredis';
import type { SessionStack } from '../../tests/support/session-stack';

/** One look at the system during a soak. */
export interface SoakSample {
  readonly atS: number;
  /** Resident memory per process name (MB), summed over replicas. */
  readonly rssMb: Readonly<Record<string, number>>;
  readonly redisKeys: number;
  readonly redisUsedMb: number;
  /** Ledger charges still reserved, and the submitter's open index. */
  readonly openReservations: number;
  readonly submitterOpen: number;
  readonly served: { readonly session: number; readonly private: number };
}

/** VmRSS of a process in MB, or undefined when it is gone. */
export function rssMb(pid: number): number | undefined {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

async function countReserved(redis: Redis, ledgerPrefix: string): Promise<number> {
  let cursor = '0';
  let reserved = 0;
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${ledgerPrefix}s:{*}:c:*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length === 0) continue;
    const pipeline = redis.pipeline();
    for (const key of keys) pipeline.hget(key, 'state');
    for (const [, state] of (await pipeline.exec()) ?? []) if (state === 'reserved') reserved += 1;
  } while (cursor !== '0');
  return reserved;
}

/** Samples every service process of the stack (and the paid API), Redis and the open reservations. */
export async function sample(stack: SessionStack, redis: Redis, startedMs: number, served: SoakSample['served']): Promise<SoakSample> {
  const rss: Record<string, number> = {};
  for (const p of stack.processes) {
    if (p.pid === undefined) continue;
    const mb = rssMb(p.pid);
    if (mb !== undefined) rss[p.name] = (rss[p.name] ?? 0) + mb;
  }
  const info = await redis.info('memory');
  const used = Number(/used_memory:(\d+)/.exec(info)?.[1] ?? 0);
  return {
    atS: (Date.now() - startedMs) / 1000,
    rssMb: rss,
    redisKeys: await redis.dbsize(),
    redisUsedMb: used / 2 ** 20,
    openReservations: await countReserved(redis, stack.ledgerKeyPrefix),
    submitterOpen: await redis.zcard(`${stack.submitterKeyPrefix}:settlements:open`),
    served,
  };
}

/**
 * Redis keys grouped by family: the run's prefix dropped, ids (UUIDs, session ids, numbers, base58
 * keys) collapsed, so "what keeps growing" reads off one table. Also counts keys without a TTL.
 */
export async function keyFamilies(redis: Redis, run: string): Promise<{ family: string; keys: number; withoutTtl: number }[]> {
  const families = new Map<string, { keys: number; withoutTtl: number }>();
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'COUNT', 1000);
    cursor = next;
    if (keys.length === 0) continue;
    const pipeline = redis.pipeline();
    for (const key of keys) pipeline.ttl(key);
    const ttls = (await pipeline.exec()) ?? [];
    keys.forEach((key, i) => {
      const family = key
        .replace(`${run}:`, '')
        .replace(/\{[^}]*\}/g, '{id}')
        .replace(/sess_[0-9a-f-]+(\.[0-9a-f-]+)?/g, '<settlement>')
        .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '<uuid>')
        .replace(/:[1-9A-HJ-NP-Za-km-z]{32,88}(?=:|$)/g, ':<key>')
        .replace(/:\d+(?=:|$)/g, ':<n>');
      const entry = families.get(family) ?? { keys: 0, withoutTtl: 0 };
      entry.keys += 1;
      if (ttls[i]?.[1] === -1) entry.withoutTtl += 1;
      families.set(family, entry);
    });
  } while (cursor !== '0');
  return [...families].map(([family, v]) => ({ family, ...v })).sort((a, b) => b.keys - a.keys);
}

/** Least-squares slope of y over x. */
export function slope(points: readonly (readonly [number, number])[]): number {
  const n = points.length;
  if (n < 2) return 0;
  const mx = points.reduce((s, [x]) => s + x, 0) / n;
  const my = points.reduce((s, [, y]) => s + y, 0) / n;
  const num = points.reduce((s, [x, y]) => s + (x - mx) * (y - my), 0);
  const den = points.reduce((s, [x]) => s + (x - mx) ** 2, 0);
  return den === 0 ? 0 : num / den;
}
