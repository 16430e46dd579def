import { ROOT_CONTEXT, SpanKind, TraceFlags, defaultTextMapSetter, trace } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { BasicTracerProvider, SamplingDecision } from '@opentelemetry/sdk-trace-base';
import { describe, expect, it } from 'vitest';
import { defaultSampler } from './start-telemetry';

const SAMPLED_PARENT = { traceId: 'a'.repeat(32), spanId: 'b'.repeat(16), traceFlags: TraceFlags.SAMPLED, isRemote: true };

describe('defaultSampler', () => {
  it('leaves sampling to OTEL_TRACES_SAMPLER, or to the SDK default when a collector is configured', () => {
    expect(defaultSampler({ OTEL_TRACES_SAMPLER: 'always_on' })).toBeUndefined();
    expect(defaultSampler({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' })).toBeUndefined();
    expect(defaultSampler({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://collector:4318/v1/traces' })).toBeUndefined();
  });

  it('without a collector: root spans are not recorded, a sampled caller is still honoured', () => {
    const sampler = defaultSampler({});
    expect(sampler).toBeDefined();
    const root = sampler?.shouldSample(ROOT_CONTEXT, 'c'.repeat(32), 'POST /settle', SpanKind.SERVER, {}, []);
    expect(root?.decision).toBe(SamplingDecision.NOT_RECORD);
    const child = sampler?.shouldSample(trace.setSpanContext(ROOT_CONTEXT, SAMPLED_PARENT), SAMPLED_PARENT.traceId, 'x', SpanKind.SERVER, {}, []);
    expect(child?.decision).toBe(SamplingDecision.RECORD_AND_SAMPLED);
  });

  it('an unrecorded span still has ids and still propagates them (traceparent with the unsampled flag)', () => {
    const sampler = defaultSampler({});
    const tracer = new BasicTracerProvider({ ...(sampler ? { sampler } : {}) }).getTracer('t');
    const span = tracer.startSpan('POST /verify');
    expect(span.isRecording()).toBe(false);
    const { traceId, spanId } = span.spanContext();
    expect(traceId).toMatch(/^[0-9a-f]{32}$/);
    const carrier: Record<string, string> = {};
    new W3CTraceContextPropagator().inject(trace.setSpan(ROOT_CONTEXT, span), carrier, defaultTextMapSetter);
    expect(carrier['traceparent']).toBe(`00-${traceId}-${spanId}-00`);
  });
});
