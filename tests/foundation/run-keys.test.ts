import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedisCluster, type RedisClusterProcess } from '../support/redis-cluster.process';
import { deleteRunKeys } from '../support/stack-scripts';

// The one deletion of a run's keys (scripts/stack/run-keys.mjs) that npm run stack, bench and the
// test stacks call when they stop: the run's keys go, a neighbour's keys on the same Redis stay.
describe('deleteRunKeys', () => {
  const run = `qp:run-keys-test-${randomBytes(4).toString('hex')}`;
  // Shares the run's text but not its namespace: `<run>x:` is another run's.
  const neighbour = `${run}x`;

  it('deletes every key under the namespace on the shared Redis (more than one SCAN page) and nothing else', async () => {
    const redis = new Redis('redis://127.0.0.1:6379');
    try {
      const pipeline = redis.pipeline();
      for (let i = 0; i < 2_500; i += 1) pipeline.set(`${run}:s:{${i}}:k`, '1');
      pipeline.hset(`${run}:submitter:h`, 'f', 'v').zadd(`${run}:{bull}:z`, 1, 'm').set(`${neighbour}:k`, 'kept');
      await pipeline.exec();

      await deleteRunKeys('redis://127.0.0.1:6379', run);

      expect(await redis.keys(`${run}:*`)).toEqual([]);
      expect(await redis.get(`${neighbour}:k`)).toBe('kept');
    } finally {
      await redis.del(`${neighbour}:k`);
      redis.disconnect();
    }
  });

  it('refuses an empty namespace instead of matching every key', async () => {
    await expect(deleteRunKeys('redis://127.0.0.1:6379', '')).rejects.toThrow(/namespace/);
  });

  describe('on a Redis Cluster', () => {
    let cluster: RedisClusterProcess;
    beforeAll(async () => {
      cluster = await startRedisCluster(3);
    });
    afterAll(async () => {
      await cluster?.stop();
    });

    it('deletes keys spread over every master and many slots', async () => {
      const client = cluster.client();
      try {
        for (let i = 0; i < 300; i += 1) await client.set(`${run}:s:{${i}}:k`, '1');
        await client.set(`${neighbour}:k`, 'kept');

        await deleteRunKeys(cluster.urls, run);

        for (const url of cluster.urls) {
          const node = new Redis(url);
          try {
            expect(await node.keys(`${run}:*`)).toEqual([]);
          } finally {
            node.disconnect();
          }
        }
        expect(await client.get(`${neighbour}:k`)).toBe('kept');
      } finally {
        client.disconnect();
      }
    });
  });
});
