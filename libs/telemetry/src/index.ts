// The public API of @quietpay/telemetry: OpenTelemetry started before a service loads anything.
export { startTelemetry, shutdownTelemetry, flushTelemetry } from './start-telemetry';
export type { TelemetryHandle, TelemetryOptions } from './telemetry-options';
export { redactAttributes, REDACTED } from './secret-attribute.redactor';
export { RedactingSpanExporter } from './redacting-span.exporter';
