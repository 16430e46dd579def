import { Inject, Injectable } from '@nestjs/common';
import { REDIS, SERVICE_CONFIG, type RedisClient } from '@quietpay/platform';
import type { ChainPollerConfig } from '../config.schema';

/** The newest signature under a watched address that has been fully applied. */
export interface Watermark {
  readonly signature: string;
  readonly slot: number;
}

// Forward-only: a replica that finished an older chunk late must not move the watermark back.
const ADVANCE = `
local current = tonumber(redis.call('HGET', KEYS[1], 'slot') or '-1')
if tonumber(ARGV[2]) < current then return 0 end
redis.call('HSET', KEYS[1], 'signature', ARGV[1], 'slot', ARGV[2])
return 1`;

/** Redis hash `<prefix>:watermark:<address>` {signature, slot}. */
@Injectable()
export class WatermarkRepository {
  constructor(
    @Inject(REDIS) private readonly redis: RedisClient,
    @Inject(SERVICE_CONFIG) private readonly config: ChainPollerConfig,
  ) {}

  key(address: string): string {
    return `${this.config.REDIS_KEY_PREFIX}:watermark:${address}`;
  }

  async get(address: string): Promise<Watermark | undefined> {
    const { signature, slot } = await this.redis.hgetall(this.key(address));
    if (signature === undefined || slot === undefined) return undefined;
    return { signature, slot: Number(slot) };
  }

  /** True when stored; false when the stored watermark is already at a later slot. */
  async advance(address: string, to: Watermark): Promise<boolean> {
    const stored = await this.redis.eval(ADVANCE, 1, this.key(address), to.signature, String(to.slot));
    return stored === 1;
  }
}
