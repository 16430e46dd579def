import { EventContract } from '@quietpay/contracts';
import { NatsConnection } from 'nats';
import { consumeEvents, ConsumeEventsOptions, EventConsumer } from './event-consumer';
import { ensureStream } from './ensure-stream';
import { publishEvent, PublishResult } from './event-publisher';

/**
 * JetStream for a service: publish events with de-dup ids, run durable consumers, and stop
 * them all on shutdown. Streams are ensured once per contract per process.
 *
 * @example
 * await events.publish(settlementSettled, event, event.settlementId);
 * await events.consume(settlementSettled, { durable: 'gateway-receipts', handle: (e) => this.record.execute(e) });
 */
export class EventBus {
  private readonly consumers: EventConsumer[] = [];
  private readonly ensured = new Set<string>();

  constructor(private readonly nc: NatsConnection) {}

  async publish<E>(contract: EventContract<E>, payload: E, messageId: string): Promise<PublishResult> {
    if (!this.ensured.has(contract.subject)) {
      await ensureStream(await this.nc.jetstreamManager(), contract);
      this.ensured.add(contract.subject);
    }
    return publishEvent(this.nc.jetstream(), contract, payload, messageId);
  }

  async consume<E>(contract: EventContract<E>, options: ConsumeEventsOptions<E>): Promise<void> {
    this.consumers.push(await consumeEvents(this.nc.jetstream(), await this.nc.jetstreamManager(), contract, options));
  }

  async close(): Promise<void> {
    await Promise.all(this.consumers.splice(0).map((consumer) => consumer.stop()));
  }
}
