import { Inject, Injectable } from '@nestjs/common';
import { REDIS, SERVICE_CONFIG, type RedisClient } from '@quietpay/platform';
import type { CrankKeeperConfig } from '../config.schema';

/** What the leader last saw for one (mint, validator); shared so any replica answers status. */
export interface CrankState {
  readonly transferQueue: string;
  readonly registered: boolean;
  readonly lastKickAtUnix: number;
  readonly lastProgressAtUnix: number;
  readonly lastError: string;
  readonly kickedBy: string;
}

/** Redis hash `<prefix>:crank:<mint>:<validator>`. */
@Injectable()
export class CrankStateRepository {
  constructor(
    @Inject(REDIS) private readonly redis: RedisClient,
    @Inject(SERVICE_CONFIG) private readonly config: CrankKeeperConfig,
  ) {}

  async save(mint: string, validator: string, state: CrankState): Promise<void> {
    await this.redis.hset(this.key(mint, validator), {
      ...state,
      registered: state.registered ? '1' : '0',
    });
  }

  async load(mint: string, validator: string): Promise<CrankState | undefined> {
    const h = await this.redis.hgetall(this.key(mint, validator));
    if (h['transferQueue'] === undefined) return undefined;
    return {
      transferQueue: h['transferQueue'],
      registered: h['registered'] === '1',
      lastKickAtUnix: Number(h['lastKickAtUnix'] ?? 0),
      lastProgressAtUnix: Number(h['lastProgressAtUnix'] ?? 0),
      lastError: h['lastError'] ?? '',
      kickedBy: h['kickedBy'] ?? '',
    };
  }

  private key(mint: string, validator: string): string {
    return `${this.config.REDIS_KEY_PREFIX}:crank:${mint}:${validator}`;
  }
}
