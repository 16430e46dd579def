import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildProjects } from '../support/build-projects';
import { NatsServerProcess, startNatsServer } from '../support/nats-server.process';
import { serviceEnv, writeTestKeypair } from '../support/quietpay-stack';
import { killAllServices, startService } from '../support/service.process';

describe('graceful shutdown', () => {
  let nats: NatsServerProcess;

  beforeAll(async () => {
    buildProjects(['services/session-ledger', 'services/signer']);
    nats = await startNatsServer();
  });

  afterAll(async () => {
    await killAllServices();
    await nats?.stop();
  });

  it.each(['SIGTERM', 'SIGINT'] as const)('exits 0 after closing everything on %s', async (signal) => {
    const service = startService('session-ledger', serviceEnv('session-ledger', nats));
    await service.started();
    service.signal(signal);
    const exit = await service.exited;
    expect(exit).toEqual({ code: 0, signal: null });
    expect(service.logs.map((l) => l.msg)).toEqual(expect.arrayContaining(['shutting down', 'shutdown complete']));
  });

  it('never logs the facilitator key while running and stopping', async () => {
    const keypairPath = writeTestKeypair();
    const service = startService('signer', serviceEnv('signer', nats, { FACILITATOR_KEYPAIR_PATH: keypairPath, LOG_LEVEL: 'trace' }));
    await service.started();
    service.signal('SIGTERM');
    expect((await service.exited).code).toBe(0);
    const { readFileSync } = await import('node:fs');
    const firstBytes = (JSON.parse(readFileSync(keypairPath, 'utf8')) as number[]).slice(0, 8).join(',');
    expect(service.output()).not.toContain(firstBytes);
  });
});
