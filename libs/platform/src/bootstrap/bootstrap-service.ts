import { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { DynamicModule, Module, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'pino';
import { z } from 'zod';
import { natsConnectionOptions } from '../bus/nats-connection-options';
import { natsCredentials } from '../auth/service-credentials';
import { QuietpayNatsServer } from '../bus/quietpay-nats.server';
import { CommonConfig } from '../config/common-config.schema';
import { loadConfig } from '../config/load-config';
import { QuietpayError } from '../errors/quietpay-error';
import { installGracefulShutdown } from '../lifecycle/graceful-shutdown';
import { createLogger } from '../logging/create-logger';
import { NestLoggerAdapter } from '../logging/nest-logger.adapter';
import { ServiceName } from '@quietpay/contracts';
import { PlatformModule } from './platform.module';

export interface ServiceDefinition<S extends z.ZodType<CommonConfig>> {
  readonly name: ServiceName;
  /** The service's own module; it can inject SERVICE_CONFIG (typed z.output<S>) and platform providers. */
  readonly module: Type;
  readonly configSchema: S;
  readonly version?: string;
}

@Module({})
class ServiceRootModule {}

/**
 * Starts a service process: parse config (exit 1 naming each bad variable), create the
 * logger, build a hybrid Nest app (HTTP on HTTP_PORT + NATS transport in a queue group named
 * after the service), start consuming only after init, and install graceful shutdown.
 * Logs `service started` with the bound `httpPort` once ready for traffic.
 *
 * @example
 * // services/signer/src/main.ts
 * import './tracing';
 * void bootstrapService({ name: 'signer', module: AppModule, configSchema });
 */
export async function bootstrapService<S extends z.ZodType<CommonConfig>>(definition: ServiceDefinition<S>): Promise<void> {
  const config = loadConfigOrExit(definition);
  const logger = createLogger({ service: definition.name, instance: config.INSTANCE_ID, level: config.LOG_LEVEL });
  try {
    await start(definition, config, logger);
  } catch (error) {
    logger.fatal({ err: error }, 'service failed to start');
    logger.flush();
    process.exit(1);
  }
}

function loadConfigOrExit<S extends z.ZodType<CommonConfig>>(definition: ServiceDefinition<S>): z.output<S> {
  try {
    return loadConfig(definition.configSchema);
  } catch (error) {
    const message = error instanceof QuietpayError ? error.message : String(error);
    process.stderr.write(`${definition.name}: ${message}\n`);
    process.exit(1);
  }
}

async function start(definition: ServiceDefinition<z.ZodType<CommonConfig>>, config: CommonConfig, logger: Logger): Promise<void> {
  const natsServer = new QuietpayNatsServer({
    connection: natsConnectionOptions(config.NATS_URL, `${definition.name}:${config.INSTANCE_ID}:server`, natsCredentials(config)),
    queue: `quietpay.${definition.name}`,
  });
  const identity = {
    name: definition.name,
    instanceId: config.INSTANCE_ID,
    version: definition.version ?? '0.1.0',
    startedAtUnix: Math.floor(Date.now() / 1000),
    subjects: () => [...natsServer.getHandlers().keys()],
  };
  const root: DynamicModule = {
    module: ServiceRootModule,
    imports: [PlatformModule.forRoot({ name: definition.name, config, identity, logger }), definition.module],
  };
  const app = await NestFactory.create(root, { logger: new NestLoggerAdapter(logger), abortOnError: false });
  app.connectMicroservice({ strategy: natsServer }, { inheritAppConfig: true });
  await app.init();
  await app.startAllMicroservices();
  await app.listen(config.HTTP_PORT, '0.0.0.0');
  installGracefulShutdown({ app, natsServer, graceMs: config.SHUTDOWN_GRACE_MS, logger });
  const server = app.getHttpServer() as Server;
  server.keepAliveTimeout = config.HTTP_KEEP_ALIVE_TIMEOUT_MS;
  // Node closes a connection whose next request's headers take longer than this: keep it past the idle timeout.
  server.headersTimeout = Math.max(server.headersTimeout, config.HTTP_KEEP_ALIVE_TIMEOUT_MS + 1000);
  const { port } = server.address() as AddressInfo;
  logger.info({ httpPort: port, subjects: identity.subjects() }, 'service started');
}
