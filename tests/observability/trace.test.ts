import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildProjects } from '../support/build-projects';
import { startNatsServer, type NatsServerProcess } from '../support/nats-server.process';
import { killAllServices, startService } from '../support/service.process';
import { observedEnv, verifyBody } from './observed-stack';
import { collectTraces, traceOf, type CollectedSpan, type TraceCollector } from './otlp-receiver';

// gateway and session-ledger as real processes exporting OTLP/HTTP to a receiver in this test.
// One POST /verify must come back as ONE trace: the gateway's HTTP server span as the only root,
// the gateway's NATS client span under it, session-ledger's NATS server span under that, and
// session-ledger's Redis spans (auto-instrumented ioredis) under its handler.

const SERVER = 2;
const CLIENT = 3;

describe('one trace across gateway → NATS → session-ledger → Redis', () => {
  let nats: NatsServerProcess;
  let traces: TraceCollector;
  let gateway = '';

  beforeAll(async () => {
    buildProjects(['services/gateway', 'services/session-ledger']);
    nats = await startNatsServer();
    traces = await collectTraces();
    const ledger = startService('session-ledger', observedEnv('session-ledger', nats, traces.otelEnv()));
    const gw = startService('gateway', observedEnv('gateway', nats, traces.otelEnv()));
    await ledger.started();
    gateway = `http://127.0.0.1:${await gw.started()}`;
  });

  afterAll(async () => {
    await killAllServices();
    await nats?.stop();
    await traces?.close();
  });

  it('POST /verify yields one correctly parented trace with spans from both services', async () => {
    const sessionId = `sess_${randomUUID().replaceAll('-', '')}`;
    const res = await fetch(`${gateway}/verify`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(verifyBody(sessionId)),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ isValid: false });

    // The ledger's handler span names the session; its trace is the request's trace.
    const handler = await traces.waitFor(
      (spans) => spans.find((s) => s.service === 'session-ledger' && s.kind === SERVER && s.attributes['quietpay.session.id'] === sessionId),
      'session-ledger handler span for the session',
    );
    const complete = await traces.waitFor((spans) => {
      const t = traceOf(spans, handler.traceId);
      const hasRedis = t.spans.some((s) => s.service === 'session-ledger' && s.scope.includes('ioredis'));
      return t.roots.length === 1 && t.orphans.length === 0 && hasRedis ? t : undefined;
    }, 'the whole trace (root, no orphans, redis spans)');

    const [root] = complete.roots as [CollectedSpan];
    expect(root.service).toBe('gateway');
    expect(root.kind).toBe(SERVER);
    expect(root.attributes['http.route']).toBe('/verify');
    expect(new Set(complete.spans.map((s) => s.service))).toEqual(new Set(['gateway', 'session-ledger']));

    const byId = new Map(complete.spans.map((s) => [s.spanId, s]));
    const client = byId.get(handler.parentSpanId);
    expect(client).toMatchObject({ service: 'gateway', kind: CLIENT, name: 'nats request quietpay.session.payment.verify.v1' });
    expect(client?.attributes['quietpay.session.id']).toBe(sessionId);
    // Walking up from the client span reaches the HTTP root inside the gateway.
    let up: CollectedSpan | undefined = client;
    while (up && up.parentSpanId !== '') up = byId.get(up.parentSpanId);
    expect(up?.spanId).toBe(root.spanId);

    // The gateway's own Redis calls (the shared rate limiter) hang under its HTTP root; the ledger's
    // under its handler.
    const redisSpans = complete.spans.filter((s) => s.scope.includes('ioredis'));
    for (const span of redisSpans.filter((s) => s.service === 'gateway')) {
      let ancestor: CollectedSpan | undefined = span;
      while (ancestor && ancestor.parentSpanId !== '') ancestor = byId.get(ancestor.parentSpanId);
      expect(ancestor?.spanId, `gateway ${span.name} descends from POST /verify`).toBe(root.spanId);
    }
    for (const span of redisSpans.filter((s) => s.service === 'session-ledger')) {
      let ancestor: CollectedSpan | undefined = span;
      while (ancestor && ancestor.spanId !== handler.spanId) ancestor = byId.get(ancestor.parentSpanId);
      expect(ancestor?.spanId, `${span.name} descends from the ledger handler`).toBe(handler.spanId);
    }
    for (const span of redisSpans) {
      // Only the command name: keys and script arguments stay out of traces.
      expect(String(span.attributes['db.statement'] ?? span.attributes['db.query.text'] ?? '')).not.toMatch(/sess_/);
    }
  });
});
