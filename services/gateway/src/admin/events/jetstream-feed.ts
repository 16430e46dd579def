import { Inject, Injectable } from '@nestjs/common';
import { PrivatePaymentObservedV1, SettlementFailedV1, SettlementSettledV1 } from '@quietpay/contracts';
import { ensureStream, NATS_CONNECTION, SERVICE_CONFIG, streamLimitsOf } from '@quietpay/platform';
import { DeliverPolicy, type ConsumerMessages, type JsMsg, type NatsConnection } from 'nats';
import type { GatewayConfig } from '../../config.schema';
import { type AdminEvent, type FeedStream, toAdminEvent } from './admin-event';

const FEED_EVENTS = [SettlementSettledV1, SettlementFailedV1, PrivatePaymentObservedV1];

/** A live subscription; `stop()` ends it (the client left). */
export interface LiveFeed {
  stop(): void;
  readonly done: Promise<void>;
}

const RECENT_FETCH_EXPIRES_MS = 2000;

/**
 * Reads the settlement and private-payment streams through ephemeral ordered consumers: nothing
 * is acked or removed, every gateway replica (and every client) sees every event, and a position
 * (stream sequence) can be resumed from while the stream retains it.
 */
@Injectable()
export class JetStreamFeed {
  private streamsReady: Promise<void> | undefined;

  constructor(
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    @Inject(SERVICE_CONFIG) private readonly config: GatewayConfig,
  ) {}

  /** The last `limit` events of `stream` (those the feed shows), newest first. */
  async recent(stream: FeedStream, limit: number): Promise<AdminEvent[]> {
    const state = await this.streamState(stream);
    if (state.messages === 0) return [];
    const start = Math.max(state.first_seq, state.last_seq - limit + 1);
    const consumer = await this.nc.jetstream().consumers.get(stream, { opt_start_seq: start });
    const batch = await consumer.fetch({ max_messages: state.last_seq - start + 1, expires: RECENT_FETCH_EXPIRES_MS });
    const events: AdminEvent[] = [];
    for await (const msg of batch) {
      const event = toAdminEvent(msg);
      if (event !== undefined) events.push(event);
      if (msg.seq >= state.last_seq) break;
    }
    await consumer.delete().catch(() => undefined);
    return events.reverse();
  }

  /**
   * Every new event of `stream` from `afterSeq + 1` (or from now when undefined), handed to
   * `onEvent` in stream order until `stop()`.
   */
  async live(stream: FeedStream, afterSeq: number | undefined, onEvent: (event: AdminEvent, msg: JsMsg) => void): Promise<LiveFeed> {
    await this.ensureStreams();
    const js = this.nc.jetstream();
    const consumer = await js.consumers.get(stream, afterSeq === undefined ? { deliver_policy: DeliverPolicy.New } : { opt_start_seq: afterSeq + 1 });
    const messages: ConsumerMessages = await consumer.consume();
    const done = (async () => {
      for await (const msg of messages) {
        const event = toAdminEvent(msg);
        if (event !== undefined) onEvent(event, msg);
      }
    })();
    return {
      stop: () => {
        messages.stop();
        void consumer.delete().catch(() => undefined);
      },
      done,
    };
  }

  private async streamState(stream: FeedStream): Promise<{ messages: number; first_seq: number; last_seq: number }> {
    await this.ensureStreams();
    return (await (await this.nc.jetstreamManager()).streams.info(stream)).state;
  }

  // Like every consumer, make sure the streams exist (with the configured limits) before reading:
  // an admin watching before the first settlement must not fail. Retried after a failure.
  private ensureStreams(): Promise<void> {
    this.streamsReady ??= (async () => {
      const jsm = await this.nc.jetstreamManager();
      for (const contract of FEED_EVENTS) await ensureStream(jsm, contract, streamLimitsOf(this.config));
    })().catch((error: unknown) => {
      this.streamsReady = undefined;
      throw error;
    });
    return this.streamsReady;
  }
}
