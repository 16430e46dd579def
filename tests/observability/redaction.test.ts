import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildProjects } from '../support/build-projects';
import { startNatsServer, type NatsServerProcess } from '../support/nats-server.process';
import { killAllServices, startService } from '../support/service.process';
import { observedEnv, verifyBody } from './observed-stack';
import { collectTraces, traceOf, type TraceCollector } from './otlp-receiver';

// Secrets a caller sends (the gateway API key in Authorization and X-API-Key, a token in the query
// string) must never reach the trace backend, while the request itself is traced end to end.

describe('exported spans carry no secret', () => {
  let nats: NatsServerProcess;
  let traces: TraceCollector;
  let gateway = '';
  const apiKey = `key-${randomBytes(16).toString('hex')}`;
  const queryToken = `tok-${randomBytes(16).toString('hex')}`;

  beforeAll(async () => {
    buildProjects(['services/gateway', 'services/session-ledger']);
    nats = await startNatsServer();
    traces = await collectTraces();
    const ledger = startService('session-ledger', observedEnv('session-ledger', nats, traces.otelEnv()));
    const gw = startService('gateway', observedEnv('gateway', nats, { ...traces.otelEnv(), GATEWAY_API_KEYS: apiKey }));
    await ledger.started();
    gateway = `http://127.0.0.1:${await gw.started()}`;
  });

  afterAll(async () => {
    await killAllServices();
    await nats?.stop();
    await traces?.close();
  });

  it('a traced /verify with an API key and a query token exports neither', async () => {
    const sessionId = `sess_${randomUUID().replaceAll('-', '')}`;
    const res = await fetch(`${gateway}/verify?access_token=${queryToken}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}`, 'x-api-key': apiKey, cookie: `sid=${apiKey}` },
      body: JSON.stringify(verifyBody(sessionId)),
    });
    expect(res.status).toBe(200);

    // The request is traced (so the absence below is not for want of spans) …
    const handler = await traces.waitFor(
      (spans) => spans.find((s) => s.service === 'session-ledger' && s.attributes['quietpay.session.id'] === sessionId),
      'the ledger span of the request',
    );
    const root = await traces.waitFor((spans) => traceOf(spans, handler.traceId).roots.find((s) => s.service === 'gateway'), 'the gateway root span');
    expect(root.attributes['http.route']).toBe('/verify');
    // … its URL attributes kept the path, lost the query …
    const urlValues = Object.entries(root.attributes).filter(([key]) => /url|target/.test(key));
    expect(urlValues.length).toBeGreaterThan(0);
    for (const [, value] of urlValues) expect(String(value)).not.toContain('?');
    // … and no exported byte holds the key or the token, in any span of any service.
    const exported = traces.rawBodies().join('\n');
    expect(exported).toContain(sessionId);
    expect(exported).not.toContain(apiKey);
    expect(exported).not.toContain(queryToken);
  });
});
