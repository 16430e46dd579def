import type { IncomingMessage } from 'node:http';
import { ExpressInstrumentation, ExpressLayerType } from '@opentelemetry/instrumentation-express';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { IORedisInstrumentation } from '@opentelemetry/instrumentation-ioredis';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import type { Instrumentation } from '@opentelemetry/instrumentation';

// Probes and scrapes arrive every few seconds on every pod; tracing them buries real traffic.
const UNTRACED_PATHS = /^\/(health(\/|$)|metrics$)/;

/**
 * What quietpay traces automatically: HTTP servers and clients (the gateway's routes, health
 * aggregation), undici (global fetch: @solana/web3.js 1.x on Node 20 sends RPC through it),
 * ioredis (ledger scripts, BullMQ) and express (puts the route on the gateway's HTTP span).
 * No fs/dns/net: they add spans by the hundred and answer no operator question.
 *
 * Without an exporter (`exporting` false) only the two that carry trace context across processes
 * stay: incoming and outgoing HTTP (traceparent in and out). ioredis and express spans only ever
 * describe work inside the process, and wrapping every Redis command and router layer costs CPU
 * on the hot path for spans nobody can read; NATS and job propagation is quietpay's own code.
 */
export function quietpayInstrumentations(exporting = true): Instrumentation[] {
  const propagating: Instrumentation[] = [
    new HttpInstrumentation({
      ignoreIncomingRequestHook: (request: IncomingMessage) => UNTRACED_PATHS.test(request.url ?? ''),
    }),
    new UndiciInstrumentation(),
  ];
  if (!exporting) return propagating;
  return [
    ...propagating,
    // Statement text would include keys and Lua script arguments (ids, amounts): keep the command name only.
    new IORedisInstrumentation({ requireParentSpan: true, dbStatementSerializer: (command) => command }),
    new ExpressInstrumentation({ ignoreLayersType: [ExpressLayerType.MIDDLEWARE] }),
  ];
}
