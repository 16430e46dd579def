import { connect } from 'node:net';
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

  it('a keep-alive connection whose request was in flight at SIGTERM does not hold the exit past the grace', async () => {
    // HTTP_KEEP_ALIVE_TIMEOUT_MS (65 s) is longer than the grace (10 s): a connection answered
    // keep-alive after close() would idle past it unless shutdown closes it once answered.
    const service = startService('session-ledger', serviceEnv('session-ledger', nats));
    const port = await service.started();
    const socket = connect(port, '127.0.0.1');
    await new Promise<void>((resolve) => socket.once('connect', resolve));
    // In flight for as long as its body is unfinished (no timing involved).
    socket.write('POST /unrouted HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{');
    const answered = new Promise<string>((resolve) => socket.once('data', (chunk: Buffer) => resolve(chunk.toString())));
    service.signal('SIGTERM');
    await service.waitForLog((l) => l.msg === 'shutting down', 'shutting down');
    socket.write('}');
    expect(await answered).toMatch(/^HTTP\/1\.1 \d{3}/);
    expect(await service.exited).toEqual({ code: 0, signal: null });
    socket.destroy();
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
