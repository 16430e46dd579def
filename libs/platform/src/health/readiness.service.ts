import { Inject, Injectable } from '@nestjs/common';
import type { RedisClient } from '../redis/create-redis';
import { NatsConnection } from 'nats';
import { NATS_CONNECTION, REDIS } from '../platform.tokens';

export interface CheckResult {
  readonly name: string;
  readonly ok: boolean;
  readonly detail: string;
}

export interface Readiness {
  readonly ready: boolean;
  readonly checks: readonly CheckResult[];
}

/** A dependency probe: resolves with a short status, throws (or times out) when not usable. */
export type ReadinessProbe = () => Promise<string>;

const PROBE_TIMEOUT_MS = 1000;

function withTimeout(probe: ReadinessProbe): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer within ${PROBE_TIMEOUT_MS}ms`)), PROBE_TIMEOUT_MS);
    probe().then(
      (detail) => {
        clearTimeout(timer);
        resolve(detail);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

/**
 * Answers "can this process do its job now": NATS and Redis round-trips, plus any probe a
 * service registers (Solana RPC, covalidator...). Used by `GET /health/ready` and the
 * `quietpay.<service>.health.v1` responder.
 */
@Injectable()
export class ReadinessService {
  private readonly probes = new Map<string, ReadinessProbe>();

  constructor(@Inject(NATS_CONNECTION) nc: NatsConnection, @Inject(REDIS) redis: RedisClient) {
    this.register('nats', async () => {
      if (nc.isClosed()) throw new Error('connection closed');
      await nc.flush();
      return 'connected';
    });
    this.register('redis', async () => {
      if (redis.status !== 'ready') throw new Error(`connection ${redis.status}`);
      await redis.ping();
      return 'connected';
    });
  }

  register(name: string, probe: ReadinessProbe): void {
    this.probes.set(name, probe);
  }

  async check(): Promise<Readiness> {
    const checks = await Promise.all(
      [...this.probes].map(async ([name, probe]): Promise<CheckResult> => {
        try {
          return { name, ok: true, detail: await withTimeout(probe) };
        } catch (error) {
          return { name, ok: false, detail: error instanceof Error ? error.message : String(error) };
        }
      }),
    );
    return { ready: checks.every((c) => c.ok), checks };
  }
}
