import type { Server } from 'node:http';
import { INestApplication } from '@nestjs/common';
import { Logger } from 'pino';
import { QuietpayNatsServer } from '../bus/quietpay-nats.server';
import { stopTracing } from '../tracing/start-tracing';

export interface GracefulShutdownOptions {
  readonly app: INestApplication;
  readonly natsServer: QuietpayNatsServer;
  readonly graceMs: number;
  readonly logger: Logger;
}

/**
 * On SIGTERM/SIGINT: stop intake (NATS subscriptions, HTTP listener), let in-flight work
 * finish, close workers and connections, exit 0. If that overruns the grace period the
 * process exits 1, so an orchestrator sees the shutdown was not clean.
 */
export function installGracefulShutdown({ app, natsServer, graceMs, logger }: GracefulShutdownOptions): void {
  let shuttingDown = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (shuttingDown) return;
    shuttingDown = true;
    logger.info({ signal, graceMs }, 'shutting down');
    setTimeout(() => {
      logger.error({ graceMs, inFlight: natsServer.inFlightCount }, 'shutdown exceeded grace period');
      process.exit(1);
    }, graceMs).unref();
    // Half the grace for in-flight handlers leaves the rest for workers and connections.
    natsServer.setDrainTimeout(Math.floor(graceMs / 2));
    // close() ends the idle keep-alive connections, but one whose response is still being written
    // would then idle for HTTP_KEEP_ALIVE_TIMEOUT_MS (65 s) and hold the listener past the grace:
    // from now on a connection closes as soon as its response is sent.
    (app.getHttpServer() as Server).keepAliveTimeout = 1;
    app
      .close()
      .then(() => stopTracing())
      .then(() => {
        logger.info('shutdown complete');
        logger.flush();
        process.exit(0);
      })
      .catch((error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        logger.flush();
        process.exit(1);
      });
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
}
