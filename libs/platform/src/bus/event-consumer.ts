import { Logger } from '@nestjs/common';
import { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { EventContract } from '@quietpay/contracts';
import { AckPolicy, ConsumerMessages, JetStreamClient, JetStreamManager, JsMsg, JSONCodec, NatsError } from 'nats';
import { toQuietpayError } from '../errors/to-quietpay-error';
import { contextFromHeaders } from '../tracing/trace-carrier';
import { ensureStream } from './ensure-stream';
import type { StreamLimits } from './stream-limits';

export interface ConsumeEventsOptions<E> {
  /** Durable consumer name: one per logical subscriber, shared by its replicas. */
  readonly durable: string;
  readonly handle: (event: E, meta: { readonly seq: number; readonly redelivered: boolean }) => Promise<void>;
  /** Delay before a retryable failure is redelivered. */
  readonly retryDelayMs?: number;
}

/** A running consumer; `stop()` stops fetching and waits for the message being handled. */
export interface EventConsumer {
  stop(): Promise<void>;
}

const json = JSONCodec<unknown>();
const tracer = trace.getTracer('quietpay.bus');
const logger = new Logger('EventConsumer');

/**
 * Consumes a durable event with at-least-once delivery: ack on success, redeliver after a
 * delay on a retryable error, terminate (no redelivery) on a payload that violates the
 * contract or a terminal error. Each message is handled inside the publisher's trace.
 *
 * @example
 * const consumer = await consumeEvents(js, jsm, settlementSettled, { durable: 'gateway-receipts', handle });
 */
export async function consumeEvents<E>(
  js: JetStreamClient,
  jsm: JetStreamManager,
  contract: EventContract<E>,
  options: ConsumeEventsOptions<E>,
  limits?: StreamLimits,
): Promise<EventConsumer> {
  await ensureStream(jsm, contract, limits);
  await ensureDurable(jsm, contract, options.durable);
  const consumer = await js.consumers.get(contract.stream, options.durable);
  const messages: ConsumerMessages = await consumer.consume();
  const loop = (async () => {
    for await (const msg of messages) await handleOne(contract, options, msg);
  })();
  return {
    async stop() {
      messages.stop();
      await loop;
    },
  };
}

async function ensureDurable(jsm: JetStreamManager, contract: EventContract<unknown>, durable: string): Promise<void> {
  try {
    await jsm.consumers.info(contract.stream, durable);
  } catch (error) {
    if (!(error instanceof NatsError) || error.api_error?.err_code !== 10014) throw error;
    await jsm.consumers.add(contract.stream, { durable_name: durable, ack_policy: AckPolicy.Explicit, filter_subject: contract.subject });
  }
}

async function handleOne<E>(contract: EventContract<E>, options: ConsumeEventsOptions<E>, msg: JsMsg): Promise<void> {
  const parent = contextFromHeaders(msg.headers);
  await context.with(parent, () =>
    tracer.startActiveSpan(`nats consume ${contract.subject}`, { kind: SpanKind.CONSUMER }, async (span) => {
      try {
        const event = contract.payload.decode(json.decode(msg.data));
        await options.handle(event, { seq: msg.seq, redelivered: msg.redelivered });
        msg.ack();
      } catch (thrown) {
        const error = toQuietpayError(thrown);
        span.setStatus({ code: SpanStatusCode.ERROR, message: error.code });
        logger.warn(`${contract.subject} #${msg.seq} failed: ${error.code} ${error.message}`);
        if (error.retryable) msg.nak(options.retryDelayMs ?? 1000);
        else msg.term(error.code);
      } finally {
        span.end();
      }
    }),
  );
}
