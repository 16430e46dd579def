import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, NodeTracerProvider, SpanProcessor } from '@opentelemetry/sdk-trace-node';
import { z } from 'zod';
import { Env, loadConfig } from '../config/load-config';

const tracingConfigSchema = z.object({
  OTEL_EXPORTER_OTLP_ENDPOINT: z.url({ protocol: /^https?$/ }).optional(),
});

let provider: NodeTracerProvider | undefined;

/**
 * Registers the global tracer provider (W3C tracecontext propagation, async-hooks context)
 * before the service loads. Spans are exported over OTLP/HTTP only when
 * OTEL_EXPORTER_OTLP_ENDPOINT is set; without it spans still exist, so trace ids still flow
 * through NATS headers, job data and logs. Idempotent.
 *
 * @example
 * // services/<name>/src/tracing.ts, imported first by main.ts
 * startTracing('gateway');
 */
export function startTracing(serviceName: string, env: Env = process.env): void {
  if (provider) return;
  const { OTEL_EXPORTER_OTLP_ENDPOINT: endpoint } = loadConfig(tracingConfigSchema, env);
  const spanProcessors: SpanProcessor[] = endpoint
    ? [new BatchSpanProcessor(new OTLPTraceExporter({ url: new URL('/v1/traces', endpoint).toString() }))]
    : [];
  provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': serviceName }),
    spanProcessors,
  });
  provider.register({ propagator: new W3CTraceContextPropagator() });
}

/** Flushes and stops the exporter; part of graceful shutdown. */
export async function stopTracing(): Promise<void> {
  const current = provider;
  provider = undefined;
  await current?.shutdown();
}
