import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildProjects } from '../support/build-projects';
import { startNatsServer, type NatsServerProcess } from '../support/nats-server.process';
import { ALL_SERVICES, writeTestKeypair, type StackService } from '../support/quietpay-stack';
import { killAllServices, startService } from '../support/service.process';
import { observedEnv, verifyBody } from './observed-stack';
import { sample, scrape } from './prometheus-text';

// The eight services as real processes on a private NATS; each one's /metrics is scraped.

const VERIFY = 'quietpay.session.payment.verify.v1';

describe('/metrics on every service', () => {
  let nats: NatsServerProcess;
  const ports = new Map<StackService, number>();

  beforeAll(async () => {
    buildProjects(ALL_SERVICES.map((s) => `services/${s}`));
    nats = await startNatsServer();
    const keypair = writeTestKeypair();
    const started = ALL_SERVICES.map((name) => [name, startService(name, observedEnv(name, nats, {}, keypair))] as const);
    for (const [name, service] of started) ports.set(name, await service.started());
  });

  afterAll(async () => {
    await killAllServices();
    await nats?.stop();
  });

  it('every service exposes the bus histograms and the platform gauges', async () => {
    for (const name of ALL_SERVICES) {
      const metrics = await scrape(ports.get(name)!);
      expect(metrics.types.get('quietpay_bus_handler_duration_seconds'), name).toBe('histogram');
      expect(metrics.types.get('quietpay_bus_request_duration_seconds'), name).toBe('histogram');
      expect(metrics.types.get('quietpay_settlements_total'), name).toBe('counter');
      expect(metrics.types.get('quietpay_poller_lag_slots'), name).toBe('gauge');
      expect(metrics.types.get('quietpay_crank_healthy'), name).toBe('gauge');
      expect(metrics.types.get('process_cpu_user_seconds_total'), name).toBe('counter');
    }
    const submitter = await scrape(ports.get('submitter')!);
    expect(submitter.samples.get('quietpay_settlement_queue_depth{queue="settlement"}')).toBe(0);
    // The settlement-lag gauge the HPA scales on, read from Redis at scrape: nothing open, 0.
    expect(submitter.types.get('quietpay_settlement_oldest_pending_seconds')).toBe('gauge');
    expect(submitter.samples.get('quietpay_settlement_oldest_pending_seconds')).toBe(0);
  });

  it("gateway /health times each service's health handler and the gateway's requests to it", async () => {
    const before = new Map<StackService, number>();
    for (const name of ALL_SERVICES) {
      before.set(
        name,
        sample(await scrape(ports.get(name)!), 'quietpay_bus_handler_duration_seconds_count', { subject: `quietpay.${name}.health.v1`, outcome: 'ok' }),
      );
    }
    const res = await fetch(`http://127.0.0.1:${ports.get('gateway')!}/health`);
    expect([200, 503]).toContain(res.status);

    const gateway = await scrape(ports.get('gateway')!);
    for (const name of ALL_SERVICES) {
      const handled = sample(await scrape(ports.get(name)!), 'quietpay_bus_handler_duration_seconds_count', {
        subject: `quietpay.${name}.health.v1`,
        outcome: 'ok',
      });
      expect(handled - before.get(name)!, `${name} health handler`).toBeGreaterThanOrEqual(1);
      expect(
        sample(gateway, 'quietpay_bus_request_duration_seconds_count', { subject: `quietpay.${name}.health.v1`, outcome: 'ok' }),
        `gateway → ${name}`,
      ).toBeGreaterThanOrEqual(1);
    }
  });

  it('a /verify for an unknown session moves the gateway HTTP and bus-request series and the ledger handler series by one', async () => {
    const gatewayPort = ports.get('gateway')!;
    const ledgerPort = ports.get('session-ledger')!;
    const httpLabels = { route: '/verify', method: 'POST', status: '200' };
    const busLabels = { subject: VERIFY, outcome: 'ok' };
    const [gwBefore, ledgerBefore] = [await scrape(gatewayPort), await scrape(ledgerPort)];

    const res = await fetch(`http://127.0.0.1:${gatewayPort}/verify`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(verifyBody(`sess_${randomUUID().replaceAll('-', '')}`)),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ isValid: false });

    const [gwAfter, ledgerAfter] = [await scrape(gatewayPort), await scrape(ledgerPort)];
    const moved = (a: typeof gwAfter, b: typeof gwBefore, name: string, labels: Record<string, string>) => sample(a, name, labels) - sample(b, name, labels);
    expect(moved(gwAfter, gwBefore, 'quietpay_http_requests_total', httpLabels)).toBe(1);
    expect(moved(gwAfter, gwBefore, 'quietpay_http_request_duration_seconds_count', httpLabels)).toBe(1);
    expect(moved(gwAfter, gwBefore, 'quietpay_bus_request_duration_seconds_count', busLabels)).toBe(1);
    expect(moved(ledgerAfter, ledgerBefore, 'quietpay_bus_handler_duration_seconds_count', busLabels)).toBe(1);
    // The histogram's +Inf bucket holds every observation, so it moved with the count.
    expect(moved(ledgerAfter, ledgerBefore, 'quietpay_bus_handler_duration_seconds_bucket', { ...busLabels, le: '+Inf' })).toBe(1);
  });

  it('an unknown path is counted under one "unmatched" route, not under its raw path', async () => {
    const gatewayPort = ports.get('gateway')!;
    const labels = { route: 'unmatched', method: 'GET', status: '404' };
    const before = sample(await scrape(gatewayPort), 'quietpay_http_requests_total', labels);
    const path = `/no-such-${randomUUID()}`;
    expect((await fetch(`http://127.0.0.1:${gatewayPort}${path}`)).status).toBe(404);
    const after = await scrape(gatewayPort);
    expect(sample(after, 'quietpay_http_requests_total', labels) - before).toBe(1);
    expect([...after.samples.keys()].some((series) => series.includes(path))).toBe(false);
  });
});
