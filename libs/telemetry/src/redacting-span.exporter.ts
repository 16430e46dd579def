import type { ExportResult } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';
import { redactAttributes } from './secret-attribute.redactor';

// Redaction happens at the one door spans leave the process through, so it also covers
// attributes set by auto-instrumentations we do not control.
function redactSpan(span: ReadableSpan): ReadableSpan {
  const attributes = redactAttributes(span.attributes);
  const events = span.events.map((event) => (event.attributes ? { ...event, attributes: redactAttributes(event.attributes) } : event));
  if (attributes === span.attributes && events.every((event, i) => event === span.events[i])) return span;
  // The prototype keeps spanContext() and the other fields; only the copies shadow them.
  return Object.create(span, { attributes: { value: attributes }, events: { value: events } }) as ReadableSpan;
}

/** Wraps an exporter so no exported span carries a secret-looking attribute or URL query. */
export class RedactingSpanExporter implements SpanExporter {
  constructor(private readonly inner: SpanExporter) {}

  export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
    this.inner.export(spans.map(redactSpan), resultCallback);
  }

  shutdown(): Promise<void> {
    return this.inner.shutdown();
  }

  forceFlush(): Promise<void> {
    return this.inner.forceFlush?.() ?? Promise.resolve();
  }
}
