import { Logger } from '@nestjs/common';
import { ServerNats } from '@nestjs/microservices';
import { ConnectionOptions, JSONCodec, Msg, NatsConnection, Subscription } from 'nats';
import { QuietpayError } from '../errors/quietpay-error';
import { errorReplyJson } from './command-reply';
import { InFlightTracker } from './in-flight.tracker';

export interface QuietpayNatsServerOptions {
  readonly connection: ConnectionOptions;
  /** Queue group: replicas of one service share the subjects' load. */
  readonly queue: string;
}

const json = JSONCodec<unknown>();

/**
 * Nest's NATS transport with two changes: a malformed message is answered with a coded
 * error instead of an unhandled rejection (which would kill the process), and `close()`
 * stops intake first, lets in-flight handlers reply, then closes the connection.
 */
export class QuietpayNatsServer extends ServerNats {
  private readonly intake: Subscription[] = [];
  private readonly inFlight = new InFlightTracker();
  private readonly log = new Logger('QuietpayNatsServer');
  private drainTimeoutMs = 5000;

  constructor(private readonly serverOptions: QuietpayNatsServerOptions) {
    super({ ...serverOptions.connection, queue: serverOptions.queue });
  }

  /** How long close() waits for in-flight handlers (the rest of the grace goes to other work). */
  setDrainTimeout(ms: number): void {
    this.drainTimeoutMs = ms;
  }

  get inFlightCount(): number {
    return this.inFlight.size;
  }

  override bindEvents(client: NatsConnection): void {
    for (const [channel, handler] of this.messageHandlers) {
      const queue = (handler.extras?.['queue'] as string | undefined) ?? this.serverOptions.queue;
      const callback = this.getMessageHandler(channel).bind(this) as (err: Error | null, msg: Msg) => void;
      this.intake.push(client.subscribe(channel, { queue, callback }));
    }
  }

  override async handleMessage(channel: string, natsMsg: Msg): Promise<void> {
    const done = this.inFlight.begin();
    try {
      await super.handleMessage(channel, natsMsg);
    } catch (error) {
      this.log.warn(`rejected malformed message on ${channel}: ${error instanceof Error ? error.message : String(error)}`);
      if (natsMsg.reply) {
        const reply = errorReplyJson(new QuietpayError('contract_violation', 'message is not a JSON request packet', { context: { subject: channel } }));
        natsMsg.respond(json.encode({ id: null, response: reply, isDisposed: true }));
      }
    } finally {
      done();
    }
  }

  override async close(): Promise<void> {
    for (const sub of this.intake.splice(0)) sub.unsubscribe();
    const drained = await this.inFlight.idle(this.drainTimeoutMs);
    if (!drained) this.log.warn(`closing with ${this.inFlight.size} NATS handler(s) still running`);
    try {
      await this.unwrap<NatsConnection>().flush();
    } catch {
      // Not connected (never started or already closed): nothing to flush.
    }
    await super.close();
  }
}
