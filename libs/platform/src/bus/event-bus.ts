import { EventContract } from '@quietpay/contracts';
import { NatsConnection } from 'nats';
import { consumeEvents, ConsumeEventsOptions, EventConsumer } from './event-consumer';
import { ensureStream, limitExistingStream } from './ensure-stream';
import { publishEvent, PublishResult } from './event-publisher';
import { DEFAULT_STREAM_LIMITS, type StreamLimits } from './stream-limits';

/**
 * JetStream for a service: publish events with de-dup ids, run durable consumers, and stop
 * them all on shutdown. Streams are ensured once per contract per process, bounded by `limits`
 * (the service's JETSTREAM_MAX_* config).
 *
 * @example
 * await events.publish(settlementSettled, event, event.settlementId);
 * await events.consume(settlementSettled, { durable: 'gateway-receipts', handle: (e) => this.record.execute(e) });
 */
export class EventBus {
  private readonly consumers: EventConsumer[] = [];
  private readonly ensured = new Set<string>();

  constructor(
    private readonly nc: NatsConnection,
    private readonly limits: StreamLimits = DEFAULT_STREAM_LIMITS,
  ) {}

  async publish<E>(contract: EventContract<E>, payload: E, messageId: string): Promise<PublishResult> {
    if (!this.ensured.has(contract.subject)) {
      await ensureStream(await this.nc.jetstreamManager(), contract, this.limits);
      this.ensured.add(contract.subject);
    }
    return publishEvent(this.nc.jetstream(), contract, payload, messageId);
  }

  async consume<E>(contract: EventContract<E>, options: ConsumeEventsOptions<E>): Promise<void> {
    this.consumers.push(await consumeEvents(this.nc.jetstream(), await this.nc.jetstreamManager(), contract, options, this.limits));
  }

  /**
   * Bounds each existing stream of `streams` to this bus's limits (creates none). Answers the
   * streams it changed and, per stream, why it could not (with per-service NATS permissions a
   * service may manage only its own streams: their publishers bound the others).
   */
  async limitStreams(streams: Iterable<string>): Promise<{ changed: string[]; failed: Record<string, string> }> {
    const jsm = await this.nc.jetstreamManager();
    const changed: string[] = [];
    const failed: Record<string, string> = {};
    for (const stream of new Set(streams)) {
      try {
        if (await limitExistingStream(jsm, stream, this.limits)) changed.push(stream);
      } catch (error) {
        failed[stream] = error instanceof Error ? error.message : String(error);
      }
    }
    return { changed, failed };
  }

  async close(): Promise<void> {
    await Promise.all(this.consumers.splice(0).map((consumer) => consumer.stop()));
  }
}
