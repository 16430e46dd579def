// The public API of @quietpay/telemetry: OpenTelemetry started before a service loads anything.
export { startTelemetry, shutdownTelemetry, flushTelemetry } from './start-telemetry';
export type { TelemetryHandle, TelemetryOptions } from './telemetry-options';
export { redactAttributes, REDACTED } from './secret-attribute.redactor';
export { RedactingSpanExporter, type RedactionOptions } from './redacting-span.exporter';
export { withoutClientAddress } from './client-address.redactor';
