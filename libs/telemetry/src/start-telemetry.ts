import { hostname } from 'node:os';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { envDetector, hostDetector, resourceFromAttributes } from '@opentelemetry/resources';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { AlwaysOffSampler, BatchSpanProcessor, NoopSpanProcessor, ParentBasedSampler, type Sampler, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { quietpayInstrumentations } from './instrumentations';
import { RedactingSpanExporter } from './redacting-span.exporter';
import type { TelemetryHandle, TelemetryOptions } from './telemetry-options';

let running: TelemetryHandle | undefined;

type Env = Readonly<Record<string, string | undefined>>;

const exportEndpoint = (env: Env): string | undefined => env['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT'] ?? env['OTEL_EXPORTER_OTLP_ENDPOINT'];

/**
 * The sampler when OTEL_TRACES_SAMPLER does not name one. With no collector, recording a span is
 * pure cost (~1 ms of CPU per charge across gateway and session-ledger, docs/scaling.md) since
 * nothing is exported: root spans are not recorded, but they still get trace and span ids, so
 * traceparent still flows through HTTP, NATS and jobs and logs still carry trace_id; a caller's
 * sampled traceparent is still honoured. With a collector the SDK's own default
 * (parentbased_always_on) stays; deployments pick a ratio (k8s/base/config.yaml).
 */
export function defaultSampler(env: Env): Sampler | undefined {
  if (env['OTEL_TRACES_SAMPLER'] !== undefined && env['OTEL_TRACES_SAMPLER'] !== '') return undefined;
  if (exportEndpoint(env)) return undefined;
  return new ParentBasedSampler({ root: new AlwaysOffSampler() });
}

function spanProcessor(env: Env): SpanProcessor {
  const endpoint = exportEndpoint(env);
  // Without a collector spans are still created (ids flow through NATS, jobs and logs) but go
  // nowhere, rather than the SDK default of retrying against localhost:4318 forever.
  if (!endpoint) return new NoopSpanProcessor();
  // The exporter and the batch processor read the OTEL_EXPORTER_OTLP_* / OTEL_BSP_* variables themselves.
  // The caller's IP is personal data linked to payments: exported only when an operator opts in.
  const recordClientAddress = env['QUIETPAY_TRACE_CLIENT_IP'] === 'true';
  return new BatchSpanProcessor(new RedactingSpanExporter(new OTLPTraceExporter(), { recordClientAddress }));
}

/**
 * Starts OpenTelemetry for a service process: W3C tracecontext propagation, the quietpay
 * auto-instrumentations, and OTLP/HTTP (JSON) export when OTEL_EXPORTER_OTLP_ENDPOINT or
 * OTEL_EXPORTER_OTLP_TRACES_ENDPOINT is set; sampling follows OTEL_TRACES_SAMPLER, else `defaultSampler`. Must run
 * before anything else is imported so http/ioredis/express are patched as they load, which is
 * why this lib imports nothing of quietpay. Idempotent: a second call returns the same handle.
 *
 * @example
 * // services/gateway/src/tracing.ts, the first import of main.ts
 * import { startTelemetry } from '@quietpay/telemetry';
 * startTelemetry({ serviceName: 'gateway' });
 */
export function startTelemetry(options: TelemetryOptions): TelemetryHandle {
  if (running) return running;
  const env = options.env ?? process.env;
  const processor = spanProcessor(env);
  const sampler = defaultSampler(env);
  const sdk = new NodeSDK({
    ...(sampler ? { sampler } : {}),
    resource: resourceFromAttributes({
      'service.name': options.serviceName,
      'service.namespace': 'quietpay',
      'service.instance.id': env['INSTANCE_ID'] ?? `${hostname()}-${process.pid}`,
      'deployment.environment.name': env['QUIETPAY_PROFILE'] ?? 'localnet',
    }),
    // env: OTEL_RESOURCE_ATTRIBUTES; host: host.name. Not the process detector: it records the command line.
    resourceDetectors: [envDetector, hostDetector],
    textMapPropagator: new W3CTraceContextPropagator(),
    spanProcessors: [processor],
    instrumentations: quietpayInstrumentations(Boolean(exportEndpoint(env))),
    // Metrics are Prometheus via prom-client; logs are pino on stdout. Empty lists stop the SDK
    // from defaulting both to OTLP exporters.
    metricReaders: [],
    logRecordProcessors: [],
  });
  sdk.start();
  const handle: TelemetryHandle = {
    forceFlush: () => processor.forceFlush(),
    shutdown: async () => {
      running = undefined;
      await sdk.shutdown();
    },
  };
  running = handle;
  return handle;
}

/** Flushes and stops telemetry if it was started; a no-op otherwise. Part of graceful shutdown. */
export async function shutdownTelemetry(): Promise<void> {
  await running?.shutdown();
}

/** Exports what is buffered now (tests, and before a deliberate exit). */
export async function flushTelemetry(): Promise<void> {
  await running?.forceFlush();
}
