import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildProjects } from '../support/build-projects';
import { startNatsServer, type NatsServerProcess } from '../support/nats-server.process';
import { killAllServices, startService } from '../support/service.process';
import { observedEnv } from './observed-stack';
import { collectTraces, type TraceCollector } from './otlp-receiver';

// With a batch delay far longer than the test, spans can only reach the receiver through the
// flush that graceful shutdown performs: SIGTERM must export what is buffered before exit 0.

describe('telemetry flushes on SIGTERM', () => {
  let nats: NatsServerProcess;
  let traces: TraceCollector;

  beforeAll(async () => {
    buildProjects(['services/gateway']);
    nats = await startNatsServer();
    traces = await collectTraces();
  });

  afterAll(async () => {
    await killAllServices();
    await nats?.stop();
    await traces?.close();
  });

  it('a span still buffered at SIGTERM is exported before the process exits', async () => {
    const gateway = startService('gateway', observedEnv('gateway', nats, { ...traces.otelEnv(), OTEL_BSP_SCHEDULE_DELAY: '600000' }));
    const port = await gateway.started();
    expect((await fetch(`http://127.0.0.1:${port}/supported`)).status).toBe(200);
    expect(traces.spans().some((s) => s.attributes['http.route'] === '/supported')).toBe(false);

    gateway.signal('SIGTERM');
    expect((await gateway.exited).code).toBe(0);
    const span = traces.spans().find((s) => s.attributes['http.route'] === '/supported');
    expect(span).toMatchObject({ service: 'gateway', kind: 2, parentSpanId: '' });
  });
});
