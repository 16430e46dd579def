import { randomUUID } from 'node:crypto';
import { CrankKeeperStatusV1, type CrankStatus } from '@quietpay/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, type ServiceProcess } from '../support/service.process';
import { type PrivateServiceRig, startPrivateServiceRig } from './private-service.fixture';

// Two crank-keeper replicas as processes sharing one Redis prefix: one leader kicks, the
// standby never does; SIGKILLing the leader hands the lease over once its TTL runs out.
describe('crank-keeper leader election across replicas', () => {
  let rig: PrivateServiceRig;
  const prefix = `test:crank-keeper:${randomUUID()}`;
  const replicas = new Map<string, ServiceProcess>();

  const startReplica = (instanceId: string): ServiceProcess => {
    const proc = rig.start(instanceId, { CRANK_KICK_INTERVAL_MS: '200', LEADER_LOCK_TTL_MS: '1500', LEADER_RENEW_INTERVAL_MS: '300' });
    replicas.set(instanceId, proc);
    return proc;
  };

  const kicks = (proc: ServiceProcess): number => proc.logs.filter((l) => l.msg === 'crank kicked').length;
  const status = async (): Promise<CrankStatus | undefined> => {
    const reply = await rig.bus.request(CrankKeeperStatusV1, {});
    return reply.result.case === 'ok' ? reply.result.value : undefined;
  };

  beforeAll(async () => {
    rig = await startPrivateServiceRig('crank-keeper', prefix);
  });

  afterAll(async () => {
    await rig?.stop();
  });

  it('lets exactly one replica kick, and hands over when the leader is killed', async () => {
    const a = startReplica('keeper-a');
    const b = startReplica('keeper-b');
    await Promise.all([a.started(), b.started()]);

    const first = await eventually(async () => {
      const s = await status();
      return s && s.leaderInstanceId !== '' && s.lastKickAtUnix > 0 ? s : undefined;
    }, 'a leader that kicked');
    expect(first.transferQueue).toBe(String(rig.net.modules['magicblock']?.['transferQueue']));
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
    expect(await rig.redis.get(`${prefix}:leader`)).toBe(standbyId);
  });
});
