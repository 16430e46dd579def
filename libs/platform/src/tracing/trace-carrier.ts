import { Context, context, propagation, ROOT_CONTEXT } from '@opentelemetry/api';
import { headers as natsHeaders, MsgHdrs } from 'nats';

/** W3C trace context as plain strings: what rides in NATS headers and BullMQ job data. */
export type TraceCarrier = Record<string, string>;

/** Serialises the active (or given) context's trace into a carrier. */
export function injectTraceCarrier(ctx: Context = context.active()): TraceCarrier {
  const carrier: TraceCarrier = {};
  propagation.inject(ctx, carrier);
  return carrier;
}

/** The context a carrier describes, or the root context when it holds none. */
export function extractTraceCarrier(carrier: Readonly<TraceCarrier> | undefined): Context {
  return carrier ? propagation.extract(ROOT_CONTEXT, carrier) : ROOT_CONTEXT;
}

/** NATS headers carrying the active trace context. */
export function traceHeaders(ctx: Context = context.active()): MsgHdrs {
  const hdrs = natsHeaders();
  for (const [key, value] of Object.entries(injectTraceCarrier(ctx))) hdrs.set(key, value);
  return hdrs;
}

/** The trace context in inbound NATS headers (root when absent). */
export function contextFromHeaders(hdrs: MsgHdrs | undefined): Context {
  if (!hdrs) return ROOT_CONTEXT;
  const carrier: TraceCarrier = {};
  for (const key of hdrs.keys()) carrier[key.toLowerCase()] = hdrs.get(key);
  return extractTraceCarrier(carrier);
}

/** What a traced BullMQ job stores: the codec's JSON plus the enqueuer's trace context. */
export interface TracedJobData {
  readonly payload: unknown;
  readonly trace: TraceCarrier;
}
