import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { facilitatorPaymentLookup } from '../lookup/facilitator-payment-lookup';
import { RedisRateLimiter } from '../redis/redis-rate-limiter';
import { RedisReplayStore } from '../redis/redis-replay-store';
import { Px402Options } from '../adapters/px402-options.types';
import { FacilitatorEmulator } from './facilitator-emulator.fake';

export const TEST_WALLET = 'Wa11et1111111111111111111111111111111111111';
export const PRICE = 10_000n;

/**
 * Real Redis (keys under a per-harness prefix) and a real facilitator emulator, plus px402
 * options wired to them. `clock` is the decide() clock, moved by tests to expire tokens.
 */
export class IntegrationHarness {
  readonly redis = new Redis({ host: '127.0.0.1', port: 6379, lazyConnect: true });
  readonly prefix = `test:px402:${randomUUID()}:`;
  readonly emulator = new FacilitatorEmulator();
  clock = Date.now();
  facilitatorUrl = '';

  async start(): Promise<void> {
    await this.redis.connect();
    this.facilitatorUrl = await this.emulator.start();
  }

  /**
   * Options as a resource server would build them, with Redis keys under a fresh per-call
   * namespace (share one options object between replicas that must share state). `limit` is the
   * quote budget per client; retries of a quoted id get 120 a minute (px402's own default).
   */
  options(limit = 1000): Px402Options {
    const prefix = `${this.prefix}${randomUUID()}:`;
    return {
      price: { amount: PRICE, destination: TEST_WALLET, description: 'weather' },
      secrets: { current: 'integration-secret-integration-secret' },
      lookup: facilitatorPaymentLookup(this.facilitatorUrl),
      replay: new RedisReplayStore(this.redis, { prefix }),
      rateLimiter: new RedisRateLimiter(this.redis, { limit, windowMs: 60_000, prefix: `${prefix}quote:` }),
      retryRateLimiter: new RedisRateLimiter(this.redis, { limit: 120, windowMs: 60_000, prefix: `${prefix}retry:` }),
      trustedProxies: ['127.0.0.1', '::1'],
      now: () => this.clock,
    };
  }

  settle(paymentId: string, amount: bigint = PRICE, signature = `sig-${paymentId}`): string {
    this.emulator.settlements.set(paymentId, { amount: amount.toString(), recipient: TEST_WALLET, signature });
    return signature;
  }

  async keys(): Promise<string[]> {
    return this.redis.keys(`${this.prefix}*`);
  }

  async stop(): Promise<void> {
    const keys = await this.keys();
    if (keys.length > 0) await this.redis.del(...keys);
    await this.redis.quit();
    await this.emulator.stop();
  }
}
