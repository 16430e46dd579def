import { randomUUID } from 'node:crypto';
import { CrankKeeperStatusV1, type CrankStatus } from '@quietpay/contracts';
import type { RunningLocalnet } from '@quietpay/infra-localnet';
import { BusClient, createRedis } from '@quietpay/platform';
import type { Redis } from 'ioredis';
import { type NatsConnection } from 'nats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildProjects } from '../support/build-projects';
import { startNatsServer, type NatsServerProcess } from '../support/nats-server.process';
import { privateChainEnv, startPrivateLocalnet } from '../support/private-localnet';
import { eventually, killAllServices, type ServiceProcess, startService } from '../support/service.process';

// Two crank-keeper replicas as processes sharing one Redis prefix: one leader kicks, the
// standby never does; SIGKILLing the leader hands the lease over once its TTL runs out.
describe('crank-keeper leader election across replicas', () => {
  let net: RunningLocalnet;
  let nats: NatsServerProcess;
  let nc: NatsConnection;
  let bus: BusClient;
  let redis: Redis;
  const prefix = `test:crank-keeper:${randomUUID()}`;
  const replicas = new Map<string, ServiceProcess>();

  const startReplica = (instanceId: string): ServiceProcess => {
    const proc = startService('crank-keeper', {
      ...nats.envFor('crank-keeper'),
      HTTP_PORT: '0',
      INSTANCE_ID: instanceId,
      ...privateChainEnv(net),
      CRANK_KICK_INTERVAL_MS: '200',
      LEADER_LOCK_TTL_MS: '1500',
      LEADER_RENEW_INTERVAL_MS: '300',
      REDIS_KEY_PREFIX: prefix,
    });
    replicas.set(instanceId, proc);
    return proc;
  };

  const kicks = (proc: ServiceProcess): number => proc.logs.filter((l) => l.msg === 'crank kicked').length;
  const status = async (): Promise<CrankStatus | undefined> => {
    const reply = await bus.request(CrankKeeperStatusV1, {});
    return reply.result.case === 'ok' ? reply.result.value : undefined;
  };

  beforeAll(async () => {
    buildProjects(['services/crank-keeper']);
    net = await startPrivateLocalnet();
    nats = await startNatsServer();
    nc = await nats.connect();
    bus = new BusClient(nc, 5000);
    redis = createRedis('redis://127.0.0.1:6379', 'crank-keeper-test');
  });

  afterAll(async () => {
    await killAllServices();
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
    await nc?.close();
    await nats?.stop();
    await net?.stop();
  });

  it('lets exactly one replica kick, and hands over when the leader is killed', async () => {
    const a = startReplica('keeper-a');
    const b = startReplica('keeper-b');
    await Promise.all([a.started(), b.started()]);

    const first = await eventually(async () => {
      const s = await status();
      return s && s.leaderInstanceId !== '' && s.lastKickAtUnix > 0 ? s : undefined;
    }, 'a leader that kicked');
    expect(first.transferQueue).toBe(String(net.modules['magicblock']?.['transferQueue']));
    expect(first.registered).toBe(true);
    const leader = replicas.get(first.leaderInstanceId);
    const standbyId = first.leaderInstanceId === 'keeper-a' ? 'keeper-b' : 'keeper-a';
    const standby = replicas.get(standbyId);
    if (!leader || !standby) throw new Error(`unknown leader ${first.leaderInstanceId}`);

    // Several kick passes later, only the leader has kicked.
    await eventually(async () => (kicks(leader) >= 5 ? true : undefined), 'five kicks by the leader');
    expect(kicks(standby)).toBe(0);
    expect(standby.logs.some((l) => l.msg === 'became crank leader')).toBe(false);

    await leader.kill();
    const after = await eventually(async () => {
      const s = await status();
      return s?.leaderInstanceId === standbyId && s.leader ? s : undefined;
    }, 'the standby to lead');
    expect(after.leader).toBe(true);
    await eventually(async () => (kicks(standby) > 0 ? true : undefined), 'the new leader to kick');
    expect(await redis.get(`${prefix}:leader`)).toBe(standbyId);
  });
});
