import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { BUS_ROLES, type BusRole, Events } from '@quietpay/contracts';
import type { RedisClient } from '../redis/create-redis';
import { NatsConnection } from 'nats';
import { Logger } from 'pino';
import { EventBus } from '../bus/event-bus';
import { ServiceIdentity } from '../ops/service-identity';
import { LOGGER, NATS_CONNECTION, REDIS, SERVICE_IDENTITY } from '../platform.tokens';

/**
 * At start-up, bounds the retention of each stream this service publishes or consumes (BUS_ROLES:
 * the only streams its NATS user may manage) that already exists (one written
 * by an older version keeps its messages forever otherwise); in the background, so boot does
 * not wait on it. On shutdown, closes the shared connections after Nest has stopped the HTTP
 * server and the NATS transport (Nest runs shutdown hooks last), so a handler or worker finishing
 * its current message still has them.
 */
@Injectable()
export class PlatformLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    private readonly events: EventBus,
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    @Inject(REDIS) private readonly redis: RedisClient,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(SERVICE_IDENTITY) private readonly identity: ServiceIdentity,
  ) {}

  onApplicationBootstrap(): void {
    const role = (BUS_ROLES as Readonly<Record<string, BusRole | undefined>>)[this.identity.name];
    const streams = [...(role?.publishes ?? []), ...(role?.consumes ?? [])].map((subject) => Events[subject].stream);
    if (streams.length === 0) return;
    void this.events
      .limitStreams(streams)
      .then(({ changed, failed }) => {
        if (changed.length > 0) this.logger.info({ streams: changed }, 'stream retention limits applied');
        // Expected where NATS permissions give this service only its own streams.
        if (Object.keys(failed).length > 0) this.logger.debug({ failed }, "stream retention left to the streams' own publishers");
      })
      .catch((error: unknown) => this.logger.warn({ err: error }, 'stream retention not applied at start-up'));
  }

  async onApplicationShutdown(): Promise<void> {
    if (!this.nc.isClosed()) await this.nc.drain();
    await this.redis.quit().catch((error: unknown) => {
      this.logger.warn({ err: error }, 'redis quit failed; disconnecting');
      this.redis.disconnect();
    });
  }
}
