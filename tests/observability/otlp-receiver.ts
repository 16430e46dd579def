import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One exported span, flattened from OTLP/HTTP JSON with its process's `service.name`. */
export interface CollectedSpan {
  readonly traceId: string;
  readonly spanId: string;
  /** Empty for a root span. */
  readonly parentSpanId: string;
  readonly name: string;
  /** OTLP SpanKind: 1 internal, 2 server, 3 client, 4 producer, 5 consumer. */
  readonly kind: number;
  readonly service: string;
  readonly scope: string;
  readonly attributes: Readonly<Record<string, unknown>>;
}

export interface TraceCollector {
  /** Base URL for OTEL_EXPORTER_OTLP_ENDPOINT (the exporter appends /v1/traces). */
  readonly endpoint: string;
  /** The variables a service process needs to export here promptly. */
  otelEnv(): Record<string, string>;
  spans(): readonly CollectedSpan[];
  /** Every request body received, verbatim (for "this string never left the process" assertions). */
  rawBodies(): readonly string[];
  /** Resolves once `probe` finds what it wants among the spans received so far. */
  waitFor<T>(probe: (spans: readonly CollectedSpan[]) => T | undefined, what: string, timeoutMs?: number): Promise<T>;
  close(): Promise<void>;
}

interface OtlpValue {
  readonly stringValue?: string;
  readonly intValue?: string | number;
  readonly boolValue?: boolean;
  readonly doubleValue?: number;
  readonly arrayValue?: { readonly values?: readonly OtlpValue[] };
}
interface OtlpKeyValue {
  readonly key: string;
  readonly value: OtlpValue;
}
interface OtlpSpan {
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId?: string;
  readonly name: string;
  readonly kind: number;
  readonly attributes?: readonly OtlpKeyValue[];
}
interface OtlpExport {
  readonly resourceSpans?: readonly {
    readonly resource?: { readonly attributes?: readonly OtlpKeyValue[] };
    readonly scopeSpans?: readonly { readonly scope?: { readonly name?: string }; readonly spans?: readonly OtlpSpan[] }[];
  }[];
}

function valueOf(value: OtlpValue): unknown {
  if (value.arrayValue) return (value.arrayValue.values ?? []).map(valueOf);
  return value.stringValue ?? value.intValue ?? value.boolValue ?? value.doubleValue;
}

function attributesOf(list: readonly OtlpKeyValue[] | undefined): Record<string, unknown> {
  return Object.fromEntries((list ?? []).map((kv) => [kv.key, valueOf(kv.value)]));
}

function flatten(body: OtlpExport): CollectedSpan[] {
  const out: CollectedSpan[] = [];
  for (const resourceSpans of body.resourceSpans ?? []) {
    const service = String(attributesOf(resourceSpans.resource?.attributes)['service.name'] ?? '');
    for (const scopeSpans of resourceSpans.scopeSpans ?? []) {
      for (const span of scopeSpans.spans ?? []) {
        out.push({
          traceId: span.traceId,
          spanId: span.spanId,
          parentSpanId: span.parentSpanId ?? '',
          name: span.name,
          kind: span.kind,
          service,
          scope: scopeSpans.scope?.name ?? '',
          attributes: attributesOf(span.attributes),
        });
      }
    }
  }
  return out;
}

/**
 * A real OTLP/HTTP trace receiver in the test process: `POST /v1/traces` with the JSON encoding
 * (what @opentelemetry/exporter-trace-otlp-http sends). Point service processes at it with
 * `otelEnv()` and inspect what they exported. A protobuf body is answered 415 and remembered as
 * an error, so a misconfigured exporter fails the test instead of silently sending nothing.
 *
 * @example
 * const traces = await collectTraces();
 * startService('gateway', serviceEnv('gateway', nats, traces.otelEnv()));
 * const root = await traces.waitFor((spans) => spans.find((s) => s.attributes['http.route'] === '/settle'), 'settle span');
 */
export async function collectTraces(): Promise<TraceCollector> {
  const spans: CollectedSpan[] = [];
  const raw: string[] = [];
  const errors: string[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      raw.push(text);
      if (req.method !== 'POST' || req.url !== '/v1/traces' || !(req.headers['content-type'] ?? '').includes('json')) {
        errors.push(`${req.method} ${req.url} ${req.headers['content-type']}`);
        res.writeHead(415).end();
        return;
      }
      spans.push(...flatten(JSON.parse(text) as OtlpExport));
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    endpoint,
    otelEnv: () => ({
      OTEL_EXPORTER_OTLP_ENDPOINT: endpoint,
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      OTEL_TRACES_SAMPLER: 'always_on',
      // Export every 100 ms so a test does not wait out the 5 s default batch delay.
      OTEL_BSP_SCHEDULE_DELAY: '100',
    }),
    spans: () => spans,
    rawBodies: () => raw,
    async waitFor<T>(probe: (all: readonly CollectedSpan[]) => T | undefined, what: string, timeoutMs = 20_000): Promise<T> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        if (errors.length > 0) throw new Error(`OTLP receiver got requests it cannot read: ${errors.join('; ')}`);
        const found = probe(spans);
        if (found !== undefined) return found;
        if (Date.now() > deadline) {
          const seen = spans.map((s) => `${s.service} ${s.name} ${s.traceId.slice(0, 8)}/${s.spanId.slice(0, 8)}<-${s.parentSpanId.slice(0, 8)}`);
          throw new Error(`gave up waiting for ${what}; spans received:\n${seen.join('\n')}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The spans of one trace, and whether every non-root span's parent is among them. */
export function traceOf(spans: readonly CollectedSpan[], traceId: string): { spans: CollectedSpan[]; roots: CollectedSpan[]; orphans: CollectedSpan[] } {
  const inTrace = spans.filter((s) => s.traceId === traceId);
  const ids = new Set(inTrace.map((s) => s.spanId));
  return {
    spans: inTrace,
    roots: inTrace.filter((s) => s.parentSpanId === ''),
    orphans: inTrace.filter((s) => s.parentSpanId !== '' && !ids.has(s.parentSpanId)),
  };
}
