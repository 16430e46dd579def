import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { LOGGER, SERVICE_CONFIG } from '@quietpay/platform';
import express, { type Express } from 'express';
import type { Logger } from 'pino';
import type { GatewayConfig } from '../../config.schema';
import { ApiError } from '../../http/api-error';
import { truncateForLog } from '../../http/loggable';
import type { AdminKeys } from '../admin-keys';
import { mountConsole } from '../console/console.static';
import { adminAuth } from './admin-auth.middleware';
import { adminErrorHandler } from './admin-error.handler';
import { ADMIN_ROUTES, type AdminRoutes } from './admin-routes.port';

const ADMIN_BODY_LIMIT = '16kb';

/**
 * The admin API's Express app: the web console's static files when `consoleDir` is given (before
 * the key check: the page asks for the key), JSON bodies, the admin key check, every route group, typed errors.
 */
export function buildAdminApp(keys: AdminKeys, groups: readonly AdminRoutes[], logger: Logger, consoleDir?: string): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  if (consoleDir !== undefined) mountConsole(app, consoleDir);
  app.use(adminAuth(keys));
  app.use(express.json({ limit: ADMIN_BODY_LIMIT, strict: true }));
  const router = express.Router();
  for (const group of groups) group.mount(router);
  app.use('/admin/v1', router);
  // The path is the caller's: echoed bounded (and logged truncated by the error handler).
  app.use((req, _res, next) => next(new ApiError('not_found', `no admin route ${req.method} ${truncateForLog(req.path)}`)));
  app.use(adminErrorHandler(logger));
  return app;
}

/**
 * Serves the admin API on ADMIN_PORT, a listener of its own beside the public one, and only when
 * ADMIN_KEYS_FILE is set (otherwise nothing listens). Logs `admin API listening` with the bound
 * `adminPort` (ADMIN_PORT=0 picks a free one).
 */
@Injectable()
export class AdminHttpServer implements OnApplicationBootstrap, OnApplicationShutdown {
  private server: Server | undefined;

  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: GatewayConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(ADMIN_ROUTES) private readonly groups: readonly AdminRoutes[],
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const keys = this.config.ADMIN_KEYS_FILE;
    if (keys === undefined) {
      this.logger.info('admin API off (ADMIN_KEYS_FILE unset)');
      return;
    }
    const app = buildAdminApp(keys, this.groups, this.logger, this.config.ADMIN_CONSOLE_DIR);
    const server = app.listen(this.config.ADMIN_PORT, this.config.ADMIN_HOST);
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('listening', resolve);
      server.once('error', reject);
    });
    const { port } = server.address() as AddressInfo;
    this.logger.info({ adminPort: port, adminKeys: keys.size }, 'admin API listening');
  }

  async onApplicationShutdown(): Promise<void> {
    const server = this.server;
    if (server === undefined) return;
    // Event streams stay open until their clients leave: end them so close() can finish.
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
