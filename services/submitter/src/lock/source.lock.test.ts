import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { SourceLock } from './source.lock';

// Real Redis, a prefix per test: the lock covers the source AND the destination of a transfer.
const redis = new Redis(process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379');
const locks = () => new SourceLock(redis, `test:${randomUUID()}`, 30_000);

afterAll(() => redis.disconnect());

describe('SourceLock', () => {
  it('keeps a second transfer to the same destination out, even from another source', async () => {
    const lock = locks();
    const first = await lock.tryAcquire('payerA', 'merchant');
    expect(first).toBeDefined();
    expect(await lock.tryAcquire('payerB', 'merchant')).toBeUndefined();
    expect(await lock.tryAcquire('payerA', 'otherMerchant')).toBeUndefined();
    await lock.release(first!);
    expect(await lock.tryAcquire('payerB', 'merchant')).toBeDefined();
  });

  it('takes both accounts or neither: a refused attempt leaves no partial hold behind', async () => {
    const lock = locks();
    const toMerchant = await lock.tryAcquire('payerA', 'merchant');
    expect(await lock.tryAcquire('payerB', 'merchant')).toBeUndefined();
    // payerB was not left locked by the refused attempt.
    const fromB = await lock.tryAcquire('payerB', 'otherMerchant');
    expect(fromB).toBeDefined();
    await lock.release(toMerchant!);
    await lock.release(fromB!);
  });

  it('extends only while every account is still held by the same holder', async () => {
    const lock = locks();
    const held = await lock.tryAcquire('payerA', 'merchant');
    expect(await lock.extend(held!)).toBe(true);
    await lock.release(held!);
    const other = await lock.tryAcquire('payerC', 'merchant');
    expect(await lock.extend(held!)).toBe(false);
    await expect(lock.keepAlive(held!)).rejects.toMatchObject({ code: 'source_lock_lost' });
    // Releasing a lock we no longer hold leaves the new holder's alone.
    await lock.release(held!);
    expect(await lock.tryAcquire('payerD', 'merchant')).toBeUndefined();
    await lock.release(other!);
  });

  it('answers who holds a busy source, by the name it was taken under', async () => {
    const lock = locks();
    const held = await lock.tryAcquire('payerA', 'merchant', 'flush:s1');
    expect(await lock.holderOf('payerA')).toBe('flush:s1');
    await lock.release(held!);
    expect(await lock.holderOf('payerA')).toBeUndefined();
    const unnamed = await lock.tryAcquire('payerA');
    expect(await lock.holderOf('payerA')).toBeUndefined();
    await lock.release(unnamed!);
  });
});
