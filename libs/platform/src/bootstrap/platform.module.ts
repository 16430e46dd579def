import { DynamicModule, Global, Module } from '@nestjs/common';
import { connect, NatsConnection } from 'nats';
import { Logger } from 'pino';
import { BusClient } from '../bus/bus-client';
import { EventBus } from '../bus/event-bus';
import { natsConnectionOptions } from '../bus/nats-connection-options';
import { streamLimitsOf } from '../bus/stream-limits';
import { natsCredentials, redisCredentials } from '../auth/service-credentials';
import { CommonConfig } from '../config/common-config.schema';
import { HealthHttpController } from '../health/health-http.controller';
import { MetricsHttpController } from '../health/metrics-http.controller';
import { ReadinessService } from '../health/readiness.service';
import { PlatformLifecycle } from '../lifecycle/platform-lifecycle';
import { createOpsBusController } from '../ops/ops-bus.controller';
import { ServiceName } from '@quietpay/contracts';
import { ServiceIdentity } from '../ops/service-identity';
import { LOGGER, NATS_CONNECTION, REDIS, SERVICE_CONFIG, SERVICE_IDENTITY } from '../platform.tokens';
import { createRedis, parseClusterNodes } from '../redis/create-redis';

export interface PlatformModuleOptions {
  readonly name: ServiceName;
  readonly config: CommonConfig;
  readonly identity: ServiceIdentity;
  readonly logger: Logger;
}

/**
 * What every service gets, globally injectable: its parsed config (SERVICE_CONFIG), the
 * logger, NATS (BusClient, EventBus, raw NATS_CONNECTION), Redis (REDIS),
 * ReadinessService, the health/metrics HTTP routes and the describe/health responders.
 */
@Global()
@Module({})
export class PlatformModule {
  static forRoot(options: PlatformModuleOptions): DynamicModule {
    const { config, identity, logger } = options;
    return {
      module: PlatformModule,
      controllers: [HealthHttpController, MetricsHttpController, createOpsBusController(options.name)],
      providers: [
        { provide: SERVICE_CONFIG, useValue: config },
        { provide: SERVICE_IDENTITY, useValue: identity },
        { provide: LOGGER, useValue: logger },
        {
          provide: NATS_CONNECTION,
          useFactory: () => connect(natsConnectionOptions(config.NATS_URL, `${identity.name}:${identity.instanceId}:client`, natsCredentials(config))),
        },
        {
          provide: REDIS,
          useFactory: () =>
            createRedis(config.REDIS_URL, `${identity.name}:${identity.instanceId}`, redisCredentials(config), parseClusterNodes(config.REDIS_CLUSTER_NODES)),
        },
        { provide: BusClient, inject: [NATS_CONNECTION], useFactory: (nc: NatsConnection) => new BusClient(nc, config.NATS_REQUEST_TIMEOUT_MS) },
        { provide: EventBus, inject: [NATS_CONNECTION], useFactory: (nc: NatsConnection) => new EventBus(nc, streamLimitsOf(config)) },
        ReadinessService,
        PlatformLifecycle,
      ],
      exports: [SERVICE_CONFIG, SERVICE_IDENTITY, LOGGER, NATS_CONNECTION, REDIS, BusClient, EventBus, ReadinessService],
    };
  }
}
