import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
// The localnet is "the outside world" (a chain, the payments API): tests start it in-process.
import type { RunningLocalnet } from '@quietpay/infra-localnet';
// eslint-disable-next-line @nx/enforce-module-boundaries
import { createPrivateApiApp, loadPrivateApiConfig } from '../../examples/private-api/src/index';
import { buildProjects } from '../support/build-projects';
import { startPrivateFacilitator, startPrivateLocalnet } from '../support/private-localnet';
import { startNatsServer, type NatsServerProcess } from '../support/nats-server.process';
import { killAllServices } from '../support/service.process';
import { deleteRunKeys } from '../support/stack-scripts';

/**
 * Everything a px402 private payment touches, for real: localnet (chain + payments API + crank),
 * NATS, Redis, chain-poller and gateway as processes (the facilitator's `/private/payments/:id`),
 * and examples/private-api in-process in front of them.
 */
export interface PrivateStack {
  readonly net: RunningLocalnet;
  readonly gatewayUrl: string;
  readonly apiUrl: string;
  stop(): Promise<void>;
}

export async function startPrivateStack(): Promise<PrivateStack> {
  buildProjects(['services/chain-poller', 'services/gateway']);
  const net = await startPrivateLocalnet();
  let nats: NatsServerProcess | undefined;
  let redis: Redis | undefined;
  let server: Server | undefined;
  try {
    nats = await startNatsServer();
    const run = `px402-${process.pid}-${randomBytes(3).toString('hex')}`;
    const gatewayUrl = await startPrivateFacilitator(net, nats, run);

    const config = loadPrivateApiConfig({
      PORT: '0',
      FACILITATOR_URL: gatewayUrl,
      MERCHANT_WALLET: net.wallets['merchant']!.publicKey,
      USDC_MINT: net.mints.usdc,
      PX402_HMAC_SECRET_CURRENT: randomBytes(32).toString('hex'),
      REDIS_PREFIX: `${run}:api:`,
    });
    redis = new Redis(config.redisUrl);
    const app = createPrivateApiApp(config, { redis });
    server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    const apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const [r, s, n] = [redis, server, nats];
    return {
      net,
      gatewayUrl,
      apiUrl,
      async stop() {
        s.closeAllConnections();
        await new Promise<void>((done) => s.close(() => done()));
        r.disconnect();
        await killAllServices();
        // chain-poller's index and the API's replay/rate-limit keys, all under the run's namespace.
        await deleteRunKeys(config.redisUrl, run);
        await n.stop();
        await net.stop();
      },
    };
  } catch (err) {
    server?.close();
    redis?.disconnect();
    await killAllServices();
    await nats?.stop();
    await net.stop();
    throw err;
  }
}
