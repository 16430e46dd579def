import { randomUUID } from 'node:crypto';
import { BUS_ROLES, Events, SessionOpenedV1, type EventContract } from '@quietpay/contracts';
import { DEFAULT_STREAM_LIMITS, EventBus } from '@quietpay/platform';
import { nanos, type JetStreamManager, type NatsConnection } from 'nats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildProjects } from '../support/build-projects';
import { startNatsServer, type NatsServerProcess } from '../support/nats-server.process';
import { eventually, killAllServices, startService } from '../support/service.process';
import { observedEnv } from './observed-stack';
import { collectTraces, type TraceCollector } from './otlp-receiver';

// Bounded retention (issue 15): JetStream keeps quietpay's events (session and settlement facts)
// only as long as configured, streams written before limits existed are bounded at start-up, and
// the gateway's spans do not record who called it unless an operator opts in.

const SEVEN_DAYS_NS = nanos(7 * 24 * 3600 * 1000);

describe('JetStream streams are bounded', () => {
  let nats: NatsServerProcess;
  let nc: NatsConnection;
  let jsm: JetStreamManager;

  beforeAll(async () => {
    buildProjects(['services/session-ledger']);
    nats = await startNatsServer();
    nc = await nats.connect();
    jsm = await nc.jetstreamManager();
  });

  afterAll(async () => {
    await killAllServices();
    await nc?.close();
    await nats?.stop();
  });

  const probe = (): EventContract<{ id: string }> => {
    const id = randomUUID().slice(0, 8);
    return {
      kind: 'event',
      subject: `quietpay.test.retention-${id}.v1`,
      stream: `RETENTION_${id}`,
      payload: { decode: (v) => v as { id: string }, encode: (v) => v },
    } as EventContract<{ id: string }>;
  };

  it('creates a stream with the configured age, size and count limits, and they bind', async () => {
    const contract = probe();
    const bus = new EventBus(nc, { maxAgeSeconds: 3600, maxBytes: 1024 * 1024, maxMessages: 3 });
    for (const id of ['a', 'b', 'c', 'd', 'e']) await bus.publish(contract, { id }, `m-${id}`);
    const info = await jsm.streams.info(contract.stream);
    expect(info.config).toMatchObject({ max_age: nanos(3600 * 1000), max_bytes: 1024 * 1024, max_msgs: 3 });
    // The oldest went: the stream keeps the last three messages only.
    expect(info.state.messages).toBe(3);
    expect(info.state.first_seq).toBe(3);
  });

  it('bounds a stream made without limits on first use, keeping its subjects and messages', async () => {
    const contract = probe();
    await jsm.streams.add({ name: contract.stream, subjects: ['quietpay.test.other.v1'] });
    await nc.jetstream().publish('quietpay.test.other.v1', new Uint8Array([1]));
    expect((await jsm.streams.info(contract.stream)).config.max_age).toBe(0);

    await new EventBus(nc).publish(contract, { id: 'x' }, 'x');
    const info = await jsm.streams.info(contract.stream);
    expect(info.config).toMatchObject({ max_age: SEVEN_DAYS_NS, max_bytes: DEFAULT_STREAM_LIMITS.maxBytes, max_msgs: DEFAULT_STREAM_LIMITS.maxMessages });
    expect(info.config.subjects).toEqual(['quietpay.test.other.v1', contract.subject]);
    expect(info.state.messages).toBe(2);
  });

  it('a service bounds each existing stream it publishes to at start-up, with the defaults (7 days)', async () => {
    // As an older version left them: every stream of the contracts, unbounded, one message kept.
    const streams = new Map<string, string[]>();
    for (const event of Object.values(Events)) streams.set(event.stream, [...(streams.get(event.stream) ?? []), event.subject]);
    for (const [name, subjects] of streams) await jsm.streams.add({ name, subjects });
    await nc.jetstream().publish(SessionOpenedV1.subject, new TextEncoder().encode('{}'));

    const ledger = startService('session-ledger', observedEnv('session-ledger', nats));
    await ledger.started();
    // Its NATS user may manage only the streams it publishes (BUS_ROLES): the ledger's SESSIONS.
    // Every other stream is bounded by its own publisher when that one starts.
    const own = new Set(
      BUS_ROLES['session-ledger'].publishes.map((subject) => (Events as Readonly<Record<string, { readonly stream: string }>>)[subject]?.stream),
    );
    for (const [name, subjects] of [...streams].filter(([stream]) => own.has(stream))) {
      const info = await eventually(async () => {
        const current = await jsm.streams.info(name);
        return current.config.max_age === SEVEN_DAYS_NS ? current : undefined;
      }, `${name} bounded`);
      expect(info.config).toMatchObject({ max_bytes: DEFAULT_STREAM_LIMITS.maxBytes, max_msgs: DEFAULT_STREAM_LIMITS.maxMessages, subjects });
    }
    expect((await jsm.streams.info(SessionOpenedV1.stream)).state.messages).toBe(1);
  });

  it('a service applies its own JETSTREAM_MAX_* configuration, not the defaults, to the streams it publishes', async () => {
    await killAllServices();
    const config = { JETSTREAM_MAX_AGE_SECONDS: '3600', JETSTREAM_MAX_BYTES: String(8 * 1024 * 1024), JETSTREAM_MAX_MSGS: '5000' };
    const ledger = startService('session-ledger', observedEnv('session-ledger', nats, config));
    await ledger.started();
    const info = await eventually(async () => {
      const current = await jsm.streams.info(SessionOpenedV1.stream);
      return current.config.max_age === nanos(3600 * 1000) ? current : undefined;
    }, `${SessionOpenedV1.stream} bounded by the ledger's configuration`);
    expect(info.config).toMatchObject({ max_bytes: 8 * 1024 * 1024, max_msgs: 5000 });
  });
});

describe('spans record no client address unless an operator opts in', () => {
  let nats: NatsServerProcess;
  let traces: TraceCollector;
  const gateways: Record<'default' | 'optedIn', string> = { default: '', optedIn: '' };
  const CLIENT = '203.0.113.77';

  beforeAll(async () => {
    buildProjects(['services/gateway']);
    nats = await startNatsServer();
    traces = await collectTraces();
    const plain = startService('gateway', observedEnv('gateway', nats, traces.otelEnv()));
    const opted = startService('gateway', observedEnv('gateway', nats, { ...traces.otelEnv(), QUIETPAY_TRACE_CLIENT_IP: 'true' }));
    gateways.default = `http://127.0.0.1:${await plain.started()}`;
    gateways.optedIn = `http://127.0.0.1:${await opted.started()}`;
  });

  afterAll(async () => {
    await killAllServices();
    await nats?.stop();
    await traces?.close();
  });

  /** POST /sessions (refused: the body is not a session) and the gateway's server span of it. */
  async function postSessions(base: string): Promise<Readonly<Record<string, unknown>>> {
    const marker = `/sessions`;
    const res = await fetch(`${base}${marker}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': CLIENT }, body: '{}' });
    expect(res.status).toBe(400);
    const port = new URL(base).port;
    const span = await traces.waitFor(
      (spans) =>
        spans.find(
          (s) => s.service === 'gateway' && s.kind === 2 && s.attributes['http.route'] === '/sessions' && String(s.attributes['server.port']) === port,
        ),
      `the POST /sessions span of ${base}`,
    );
    return span.attributes;
  }

  it('by default: neither the forwarded client nor the peer address is an attribute', async () => {
    const attributes = await postSessions(gateways.default);
    expect(attributes['http.request.method']).toBe('POST');
    for (const key of ['client.address', 'client.port', 'network.peer.address', 'network.peer.port', 'net.peer.ip', 'http.client_ip'])
      expect(attributes, key).not.toHaveProperty(key);
    expect(Object.values(attributes).map(String)).not.toContain(CLIENT);
  });

  it('with QUIETPAY_TRACE_CLIENT_IP=true: the client address is recorded (so the check above can fail)', async () => {
    const attributes = await postSessions(gateways.optedIn);
    expect(attributes['client.address']).toBe(CLIENT);
    expect(attributes['network.peer.address']).toBeDefined();
  });
});
