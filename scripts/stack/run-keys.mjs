// Deletes one run's Redis keys (`<namespace>:*`): `npm run stack`/demo when it stops, bench runs,
// and the test stacks. The shared Redis holds other runs' and CI's keys too, so only the run's
// namespace goes (SCAN MATCH, never FLUSHALL). ioredis is imported lazily: scripts/run.mjs loads
// this before `npm ci` may have run. Types: run-keys.d.mts.

/**
 * Deletes every key under `${namespace}:` on each of `redisUrls` (one URL for a plain Redis, every
 * master's for a Redis Cluster: SCAN walks only the node it is sent to). Each key is its own UNLINK,
 * pipelined per SCAN page: a cluster node refuses one command over keys in several slots, and a
 * batched acceptance run leaves ~9,000 keys, too many for a round trip each. Rejects when a node
 * cannot be read; what was deleted before that stays deleted.
 */
export async function deleteRunKeys(redisUrls, namespace) {
  if (!namespace) throw new Error('deleteRunKeys needs a namespace: an empty one would match every key');
  const { Redis } = await import('ioredis');
  for (const url of typeof redisUrls === 'string' ? [redisUrls] : redisUrls) {
    const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
    try {
      await redis.connect();
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${namespace}:*`, 'COUNT', 1000);
        if (keys.length > 0) {
          const pipeline = redis.pipeline();
          for (const key of keys) pipeline.unlink(key);
          for (const [err] of (await pipeline.exec()) ?? []) if (err) throw err;
        }
        cursor = next;
      } while (cursor !== '0');
    } finally {
      redis.disconnect();
    }
  }
}
