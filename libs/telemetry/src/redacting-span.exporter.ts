import { SpanKind } from '@opentelemetry/api';
import type { ExportResult } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';
import { withoutClientAddress } from './client-address.redactor';
import { redactAttributes } from './secret-attribute.redactor';

export interface RedactionOptions {
  /** Export the caller's address on server spans (off by default: QUIETPAY_TRACE_CLIENT_IP). */
  readonly recordClientAddress?: boolean;
}

// Redaction happens at the one door spans leave the process through, so it also covers
// attributes set by auto-instrumentations we do not control.
function redactSpan(span: ReadableSpan, options: RedactionOptions): ReadableSpan {
  const own = options.recordClientAddress === true || span.kind !== SpanKind.SERVER ? span.attributes : withoutClientAddress(span.attributes);
  const attributes = redactAttributes(own);
  const events = span.events.map((event) => (event.attributes ? { ...event, attributes: redactAttributes(event.attributes) } : event));
  if (attributes === span.attributes && events.every((event, i) => event === span.events[i])) return span;
  // The prototype keeps spanContext() and the other fields; only the copies shadow them.
  return Object.create(span, { attributes: { value: attributes }, events: { value: events } }) as ReadableSpan;
}

/**
 * Wraps an exporter so no exported span carries a secret-looking attribute or URL query, nor
 * (unless `recordClientAddress`) the address of the client a server span answered.
 */
export class RedactingSpanExporter implements SpanExporter {
  constructor(
    private readonly inner: SpanExporter,
    private readonly options: RedactionOptions = {},
  ) {}

  export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
    this.inner.export(
      spans.map((span) => redactSpan(span, this.options)),
      resultCallback,
    );
  }

  shutdown(): Promise<void> {
    return this.inner.shutdown();
  }

  forceFlush(): Promise<void> {
    return this.inner.forceFlush?.() ?? Promise.resolve();
  }
}
