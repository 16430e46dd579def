import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NatsConnection } from 'nats';
import { BusClient, describeContract } from '@quietpay/platform';
import { buildProjects } from '../support/build-projects';
import { startNatsServer, NatsServerProcess } from '../support/nats-server.process';
import { ALL_SERVICES, serviceEnv, StackService, writeTestKeypair } from '../support/quietpay-stack';
import { eventually, killAllServices, ServiceProcess, startService } from '../support/service.process';

interface GatewayHealth {
  readonly ready: boolean;
  readonly notReady: readonly string[];
  readonly services: Record<string, { ready: boolean; checks: { name: string; ok: boolean }[] }>;
}

describe('the eight services as processes, seen through gateway /health', () => {
  let nats: NatsServerProcess;
  let nc: NatsConnection;
  let keypairPath: string;
  const processes = new Map<StackService, ServiceProcess>();
  let gatewayPort = 0;

  const start = (name: StackService) => {
    const extra: Record<string, string> = name === 'signer' ? { FACILITATOR_KEYPAIR_PATH: keypairPath } : {};
    const service = startService(name, serviceEnv(name, nats, extra));
    processes.set(name, service);
    return service;
  };

  const health = async (): Promise<{ status: number; body: GatewayHealth }> => {
    const res = await fetch(`http://127.0.0.1:${gatewayPort}/health`);
    return { status: res.status, body: (await res.json()) as GatewayHealth };
  };

  beforeAll(async () => {
    buildProjects(ALL_SERVICES.map((s) => `services/${s}`));
    nats = await startNatsServer();
    nc = await nats.connect();
    keypairPath = writeTestKeypair();
    const started = ALL_SERVICES.map((name) => start(name));
    const ports = await Promise.all(started.map((s) => s.started()));
    gatewayPort = ports[0]!;
  });

  afterAll(async () => {
    await killAllServices();
    await nc?.close();
    await nats?.stop();
  });

  it('reports every service ready with its NATS and Redis checks', async () => {
    const ready = await eventually(async () => {
      const h = await health();
      return h.status === 200 ? h.body : undefined;
    }, 'gateway /health 200');
    expect(ready.notReady).toEqual([]);
    expect(Object.keys(ready.services).sort()).toEqual([...ALL_SERVICES].sort());
    for (const name of ALL_SERVICES) {
      expect(ready.services[name]!.ready).toBe(true);
      expect(ready.services[name]!.checks.map((c) => c.name).sort()).toEqual(['nats', 'redis']);
    }
  });

  it('answers describe.v1 for every service over NATS', async () => {
    const bus = new BusClient(nc, 2000);
    for (const name of ALL_SERVICES) {
      const { result } = await bus.request(describeContract(name), {});
      expect(result.case).toBe('ok');
      if (result.case === 'ok') {
        expect(result.value.service).toBe(name);
        expect(result.value.subjects).toContain(`quietpay.${name}.health.v1`);
      }
    }
  });

  it('reports a killed service as not ready, and ready again once restarted', async () => {
    const exit = await processes.get('tx-builder')!.kill();
    expect(exit.signal).toBe('SIGKILL');

    const down = await eventually(async () => {
      const h = await health();
      return h.status === 503 ? h.body : undefined;
    }, 'gateway /health 503');
    expect(down.notReady).toEqual(['tx-builder']);
    expect(down.services['tx-builder']!.ready).toBe(false);
    expect(down.services['signer']!.ready).toBe(true);

    await start('tx-builder').started();
    const back = await eventually(async () => {
      const h = await health();
      return h.status === 200 ? h.body : undefined;
    }, 'gateway /health 200 after restart');
    expect(back.services['tx-builder']!.ready).toBe(true);
  });

  it('serves liveness and readiness on each service HTTP port', async () => {
    const signer = processes.get('signer')!;
    const port = await signer.started();
    expect((await fetch(`http://127.0.0.1:${port}/health/live`)).status).toBe(200);
    const ready = await fetch(`http://127.0.0.1:${port}/health/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ ready: true });
  });
});
