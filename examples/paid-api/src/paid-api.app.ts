import express, { type Express, type Router } from 'express';
import { chatRouter } from './chat.route';
import type { PaidApiConfig } from './config.schema';

/**
 * The example paid API. Each scheme mounts its own router so the private-scheme routes
 * (`/api/sentiment`, … with px402Express) can be added beside the session-scheme chat.
 */
export function createPaidApi(config: PaidApiConfig, extraRouters: readonly Router[] = []): Express {
  const app = express();
  app.disable('x-powered-by');
  app.get('/health', (_req, res) => {
    res.json({ ok: true });
  });
  app.use(chatRouter(config));
  for (const router of extraRouters) app.use(router);
  return app;
}
