import { shutdownTelemetry, startTelemetry } from '@quietpay/telemetry';
import { Env } from '../config/load-config';

/**
 * Starts telemetry for a process that has not done so through `@quietpay/telemetry` already
 * (tests, scripts). Services call `startTelemetry` from their `tracing.ts` instead: importing
 * this lib loads Nest, ioredis and http before instrumentation could patch them. Idempotent.
 *
 * @example
 * startTracing('bus-test', {});
 */
export function startTracing(serviceName: string, env: Env = process.env): void {
  startTelemetry({ serviceName, env });
}

/** Flushes and stops the exporter; part of graceful shutdown. */
export async function stopTracing(): Promise<void> {
  await shutdownTelemetry();
}
