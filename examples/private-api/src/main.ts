import type { AddressInfo } from 'node:net';
import { Redis } from 'ioredis';
import { loadPrivateApiConfig } from './config.schema';
import { createPrivateApiApp } from './private-api.app';

function log(msg: string, extra: Record<string, unknown> = {}): void {
  process.stdout.write(`${JSON.stringify({ level: 'info', msg, ...extra })}\n`);
}

async function main(): Promise<void> {
  const config = loadPrivateApiConfig(process.env);
  const redis = new Redis(config.redisUrl, { maxRetriesPerRequest: 2, ...config.redisAuth });
  const app = createPrivateApiApp(config, { redis });
  const server = app.listen(config.port, config.host);
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  log('service started', { service: 'private-api', httpPort: port, facilitator: config.facilitatorUrl });
  const stop = (): void => {
    server.close(() => {
      redis.disconnect();
      process.exit(0);
    });
    server.closeIdleConnections();
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((err: unknown) => {
  process.stderr.write(`private-api failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
