import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, type Msg, type NatsConnection } from 'nats';
import { BusClient, describeContract, healthContract, NATS_ADMIN_USER, NATS_SERVICE_USERS } from '@quietpay/platform';
import { buildProjects } from '../support/build-projects';
import { startNatsServer, type NatsServerProcess } from '../support/nats-server.process';
import { serviceEnv, writeTestKeypair } from '../support/quietpay-stack';
import { killAllServices, startService } from '../support/service.process';

// The signing path as an attacker on the network, or a compromised gateway, would try it: the
// bus is the stack's own (authorization from BUS_ROLES), the signer a real process.
describe('NATS authorization', () => {
  let nats: NatsServerProcess;
  let spy: NatsConnection;
  let gateway: NatsConnection;
  const seen: Msg[] = [];

  beforeAll(async () => {
    buildProjects(['services/signer', 'services/tx-builder']);
    nats = await startNatsServer();
    // The operator sees every message the server routes: what it never sees never moved.
    spy = await nats.connect();
    spy.subscribe('quietpay.>', { callback: (_err, msg) => seen.push(msg) });
    await spy.flush();
    const signer = startService('signer', serviceEnv('signer', nats, { FACILITATOR_KEYPAIR_PATH: writeTestKeypair() }));
    await signer.started();
    gateway = await nats.connect('gateway');
  });

  afterAll(async () => {
    await killAllServices();
    await gateway?.close();
    await spy?.close();
    await nats?.stop();
  });

  it('refuses a client without credentials, or with a wrong password', async () => {
    await expect(connect({ servers: nats.url, reconnect: false })).rejects.toMatchObject({ code: 'AUTHORIZATION_VIOLATION' });
    await expect(connect({ ...nats.optionsFor('gateway'), pass: 'not-the-password' })).rejects.toMatchObject({ code: 'AUTHORIZATION_VIOLATION' });
  });

  it('stops a service whose password is refused, without printing the password', async () => {
    const wrong = join(mkdtempSync(join(tmpdir(), 'qp-wrong-')), 'password');
    writeFileSync(wrong, 'not-the-tx-builder-password', { mode: 0o600 });
    const service = startService('tx-builder', serviceEnv('tx-builder', nats, { NATS_PASSWORD_FILE: wrong }));
    expect((await service.exited).code).toBe(1);
    expect(service.output()).toMatch(/AUTHORIZATION_VIOLATION|Authorization Violation/);
    expect(service.output()).not.toContain('not-the-tx-builder-password');
  });

  it('lets the gateway reach what its duty needs (the signer answers its health probe)', async () => {
    const bus = new BusClient(gateway, 5_000);
    const reply = await bus.request(healthContract('signer'), {});
    expect(reply.result.case).toBe('ok');
  });

  it.each([
    'quietpay.signer.sign.v1',
    'quietpay.signer.decrypt-auth.sign.v1',
    'quietpay.tx-builder.transfer.build.v1',
    'quietpay.session.charge.commit.v1',
    'quietpay.settlement.transaction.send.v1',
    // Settlement goes through the ledger (session.charge.submit), which submits its own record.
    'quietpay.settlement.submit.v1',
    'quietpay.session.charge.release.v1',
  ])('refuses the gateway publishing %s, and nothing is delivered', async (subject) => {
    await expect(gateway.request(subject, new TextEncoder().encode('{}'), { timeout: 5_000 })).rejects.toMatchObject({ code: 'PERMISSIONS_VIOLATION' });
    // The server refused the PUB before answering; a round trip of the spy after that proves no
    // copy was routed to anyone.
    await spy.flush();
    expect(seen.filter((m) => m.subject === subject)).toEqual([]);
  });

  // The newest money path (batched /settle in ONE ledger request) and the serve claim: only the
  // gateway may ask them. A stolen submitter, chain-poller or admin identity that could would
  // reserve, hand off and claim serves of any payload it saw; none of them is let publish.
  it.each(
    [...NATS_SERVICE_USERS.filter((user) => user !== 'gateway'), NATS_ADMIN_USER].flatMap((user) =>
      ['quietpay.session.charge.settle.v1', 'quietpay.session.charge.serve.v1', 'quietpay.session.charge.reserve.v1'].map((subject) => [user, subject]),
    ),
  )('refuses %s requesting %s, and nothing is delivered', async (user, subject) => {
    const peer = await nats.connect(user);
    try {
      await expect(peer.request(subject, new TextEncoder().encode('{}'), { timeout: 5_000 })).rejects.toMatchObject({ code: 'PERMISSIONS_VIOLATION' });
    } finally {
      await peer.close();
    }
    await spy.flush();
    expect(seen.filter((m) => m.subject === subject)).toEqual([]);
  });

  it('names the missing permission when the typed bus client is refused (operator-only describe)', async () => {
    const bus = new BusClient(gateway, 5_000);
    await expect(bus.request(describeContract('signer'), {})).rejects.toThrow(/not permitted to request quietpay\.signer\.describe\.v1/);
  });

  it('refuses the gateway impersonating the signer or reading other services\u2019 replies', async () => {
    for (const subject of ['quietpay.signer.sign.v1', '_INBOX.>', '_INBOX_submitter.>', '_INBOX_session-ledger.>']) {
      const sub = gateway.subscribe(subject);
      const refused = (async () => {
        for await (const _ of sub) return 'delivered';
        return 'closed';
      })();
      await expect(refused).rejects.toMatchObject({ code: 'PERMISSIONS_VIOLATION' });
    }
  });
});
