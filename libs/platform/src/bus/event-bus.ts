import { EventContract } from '@quietpay/contracts';
import { NatsConnection } from 'nats';
import { ensureStream, limitExistingStream } from './ensure-stream';
import { publishEvent, PublishResult } from './event-publisher';
import { DEFAULT_STREAM_LIMITS, type StreamLimits } from './stream-limits';

/**
 * JetStream for a service: publish events with de-dup ids and bound the retention of existing
 * streams. Streams are ensured once per contract per process, bounded by `limits` (the service's
 * JETSTREAM_MAX_* config). Nothing in quietpay consumes durably: readers (the admin event feed)
 * open ordered consumers of their own.
 *
 * @example
 * await events.publish(settlementSettled, event, event.settlementId);
 */
export class EventBus {
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
}
