import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SessionStack, startSessionStack } from '../support/session-stack';
import { collectTraces, traceOf, type CollectedSpan, type TraceCollector } from './otlp-receiver';
import { openPaidSession, settleAt } from './paid-session';

// Issue 6, "Checked by": the whole session stack (localnet, eight services, per-call settlement)
// exporting OTLP/HTTP to a receiver in this test. One POST /settle must come back as ONE trace:
// the gateway's HTTP server span the only root, every other span's parent in the trace, spans from
// gateway, session-ledger, tx-builder, signer and submitter, and the submitter's Solana RPC calls
// for the transaction (sendTransaction, signature status) as descendants of that request.
// The worker runs each job in a CONSUMER span, so the confirmed signature is a span attribute.

const SERVER = 2;
const CLIENT = 3;
const PIPELINE = ['gateway', 'session-ledger', 'tx-builder', 'signer', 'submitter'];

let stack: SessionStack;
let traces: TraceCollector;

beforeAll(async () => {
  traces = await collectTraces();
  stack = await startSessionStack({ serviceEnv: traces.otelEnv() });
}, 300_000);

afterAll(async () => {
  await stack?.stop();
  await traces?.close();
}, 60_000);

function ancestry(span: CollectedSpan, byId: ReadonlyMap<string, CollectedSpan>): CollectedSpan[] {
  const chain: CollectedSpan[] = [];
  for (let up = byId.get(span.parentSpanId); up; up = byId.get(up.parentSpanId)) chain.push(up);
  return chain;
}

const describeSpan = (s: CollectedSpan): string => `${s.service} ${s.name} [${s.scope}] ${s.spanId.slice(0, 8)}<-${s.parentSpanId.slice(0, 8)}`;

describe('one /settle, one trace across the settlement pipeline', () => {
  it('a per-call session settle is one correctly parented trace from the gateway down to the RPC calls of the confirmed transaction', async () => {
    const session = await openPaidSession(stack, '1');
    const requirements = session.requirements(250_000n);
    const settled = await settleAt(stack.gatewayUrl, session.payload(requirements), requirements);
    expect(settled.status, stack.output().slice(-4000)).toBe(200);
    expect(settled.body, stack.output().slice(-4000)).toMatchObject({ success: true });
    const signature = settled.body.transaction;
    expect(signature).not.toBe('');

    const root = await traces.waitFor(
      (spans) => spans.find((s) => s.service === 'gateway' && s.kind === SERVER && s.parentSpanId === '' && s.attributes['http.route'] === '/settle'),
      "the gateway's POST /settle server span",
    );
    const rpcUrl = stack.net.endpoints.rpc.replace(/\/$/, '');
    const isRpcCall = (s: CollectedSpan): boolean =>
      s.kind === CLIENT &&
      /instrumentation-(undici|http)$/.test(s.scope) &&
      String(s.attributes['url.full'] ?? s.attributes['http.url'] ?? '').startsWith(rpcUrl);
    // Spans arrive in batches from eight processes; wait until the trace is whole.
    const complete = await traces.waitFor((spans) => {
      const t = traceOf(spans, root.traceId);
      const services = new Set(t.spans.map((s) => s.service));
      const submitterRpc = t.spans.filter((s) => s.service === 'submitter' && isRpcCall(s));
      return t.orphans.length === 0 && PIPELINE.every((name) => services.has(name)) && submitterRpc.length >= 2 ? t : undefined;
    }, 'the /settle trace with every pipeline service, no orphans and the submitter RPC calls');

    const summary = complete.spans.map(describeSpan).join('\n');
    expect(complete.roots, summary).toEqual([root]);
    expect(root.attributes['http.request.method'] ?? root.attributes['http.method']).toBe('POST');
    expect(complete.orphans, summary).toEqual([]);
    // Nothing of this settle started a trace of its own: no other root carries the session.
    const strays = traces.spans().filter((s) => s.traceId !== root.traceId && s.attributes['quietpay.settlement.id'] !== undefined);
    expect(strays.map(describeSpan), 'settlement spans outside the /settle trace').toEqual([]);

    const byId = new Map(complete.spans.map((s) => [s.spanId, s]));
    for (const span of complete.spans.filter((s) => s !== root)) {
      expect(ancestry(span, byId).at(-1)?.spanId, `${describeSpan(span)} descends from POST /settle`).toBe(root.spanId);
    }

    // The bus hops of per-call settlement, each a handler span in its own service.
    const handlers = (service: string, subject: string) =>
      complete.spans.filter((s) => s.service === service && s.kind === SERVER && s.name === `nats handle ${subject}`);
    expect(handlers('session-ledger', 'quietpay.session.charge.reserve.v1'), summary).toHaveLength(1);
    expect(handlers('session-ledger', 'quietpay.session.charge.submit.v1'), summary).toHaveLength(1);
    expect(handlers('submitter', 'quietpay.settlement.submit.v1'), summary).toHaveLength(1);
    expect(handlers('tx-builder', 'quietpay.tx-builder.transfer.build.v2').length, summary).toBeGreaterThanOrEqual(1);
    expect(handlers('signer', 'quietpay.signer.transfer.sign.v1').length, summary).toBeGreaterThanOrEqual(1);
    expect(handlers('session-ledger', 'quietpay.session.charge.commit.v1'), summary).toHaveLength(1);
    const [submit] = handlers('submitter', 'quietpay.settlement.submit.v1') as [CollectedSpan];
    expect(submit.attributes['quietpay.session.id']).toBe(session.handle.sessionId);

    // The worker's Solana RPC calls (send, then status polls) sit under the submit handler that
    // enqueued the job: the trace context crossed BullMQ's job data into the worker.
    const submitterRpc = complete.spans.filter((s) => s.service === 'submitter' && isRpcCall(s));
    for (const call of submitterRpc) {
      expect(
        ancestry(call, byId).map((s) => s.spanId),
        `${describeSpan(call)} under the submit handler`,
      ).toContain(submit.spanId);
    }
    // The signer and tx-builder were asked by the worker, inside the same request.
    for (const service of ['tx-builder', 'signer']) {
      for (const span of complete.spans.filter((s) => s.service === service && s.kind === SERVER)) {
        expect(
          ancestry(span, byId).map((s) => s.spanId),
          `${describeSpan(span)} under the submit handler`,
        ).toContain(submit.spanId);
      }
    }

    // The worker runs the job in its own CONSUMER span under the submit handler, and records the
    // confirmed transaction's signature on it.
    const jobs = complete.spans.filter((s) => s.service === 'submitter' && s.name.startsWith('job '));
    expect(jobs.length, summary).toBeGreaterThanOrEqual(1);
    for (const job of jobs) expect(ancestry(job, byId).map((s) => s.spanId)).toContain(submit.spanId);
    expect(
      complete.spans.some((s) => s.attributes['quietpay.tx.signature'] === signature),
      summary,
    ).toBe(true);
  }, 180_000);
});
