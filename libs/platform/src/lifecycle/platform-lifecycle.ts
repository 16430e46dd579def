import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';
import { NatsConnection } from 'nats';
import { Logger } from 'pino';
import { EventBus } from '../bus/event-bus';
import { JobQueues } from '../redis/job-queues';
import { LOGGER, NATS_CONNECTION, REDIS } from '../platform.tokens';

/**
 * Closes the shared connections after Nest has stopped the HTTP server and the NATS
 * transport (Nest runs shutdown hooks last). Order matters: consumers and workers finish
 * their current message/job first, then the connections they need go away.
 */
@Injectable()
export class PlatformLifecycle implements OnApplicationShutdown {
  constructor(
    private readonly events: EventBus,
    private readonly jobs: JobQueues,
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await this.events.close();
    await this.jobs.close();
    if (!this.nc.isClosed()) await this.nc.drain();
    await this.redis.quit().catch((error: unknown) => {
      this.logger.warn({ err: error }, 'redis quit failed; disconnecting');
      this.redis.disconnect();
    });
  }
}
