import type { RunningLocalnet } from '@quietpay/infra-localnet';
import { BusClient, createRedis } from '@quietpay/platform';
import type { Redis } from 'ioredis';
import type { NatsConnection } from 'nats';
import { buildProjects } from '../support/build-projects';
import { startNatsServer, type NatsServerProcess } from '../support/nats-server.process';
import { privateChainEnv, startPrivateLocalnet } from '../support/private-localnet';
import { killAllServices, type ServiceProcess, startService } from '../support/service.process';

/** What a px402 service test (chain-poller, crank-keeper) runs its processes against. */
export interface PrivateServiceRig {
  readonly net: RunningLocalnet;
  readonly nats: NatsServerProcess;
  /** The operator's connection (every subject) and a bus client on it. */
  readonly nc: NatsConnection;
  readonly bus: BusClient;
  /** The shared Redis (the open default user), for the test's own reads and the cleanup. */
  readonly redis: Redis;
  /**
   * Starts one `service` process as its own bus user on an ephemeral port, against the localnet,
   * with its keys under the rig's prefix; `env` comes last.
   */
  start(instanceId: string, env?: Readonly<Record<string, string>>): ServiceProcess;
  /** Kills the processes, deletes the prefix's keys, closes the connections and stops NATS and the chain. */
  stop(): Promise<void>;
}

/**
 * A private localnet (MagicBlock only), a private nats-server and `service` built, for a test that
 * runs that service as real processes with Redis keys under `prefix` (REDIS_KEY_PREFIX).
 *
 * @example
 * const rig = await startPrivateServiceRig('chain-poller', `test:chain-poller:${randomUUID()}`);
 * const poller = rig.start('poller-1', { POLL_INTERVAL_MS: '200' });
 * await rig.stop();
 */
export async function startPrivateServiceRig(service: 'chain-poller' | 'crank-keeper', prefix: string): Promise<PrivateServiceRig> {
  buildProjects([`services/${service}`]);
  const net = await startPrivateLocalnet();
  const nats = await startNatsServer();
  const nc = await nats.connect();
  const redis = createRedis('redis://127.0.0.1:6379', `${service}-test`);
  return {
    net,
    nats,
    nc,
    bus: new BusClient(nc, 5000),
    redis,
    start: (instanceId, env = {}) =>
      startService(service, {
        ...nats.envFor(service),
        HTTP_PORT: '0',
        INSTANCE_ID: instanceId,
        ...privateChainEnv(net),
        REDIS_KEY_PREFIX: prefix,
        ...env,
      }),
    async stop() {
      await killAllServices();
      const keys = await redis.keys(`${prefix}:*`);
      if (keys.length > 0) await redis.del(...keys);
      redis.disconnect();
      await nc.close();
      await nats.stop();
      await net.stop();
    },
  };
}
