import { EventContract } from '@quietpay/contracts';
import { JetStreamClient, JSONCodec } from 'nats';
import { QuietpayError } from '../errors/quietpay-error';
import { traceHeaders } from '../tracing/trace-carrier';

export interface PublishResult {
  readonly seq: number;
  /** True when JetStream already held a message with this id (de-duplicated, not stored again). */
  readonly duplicate: boolean;
}

const json = JSONCodec<unknown>();

/**
 * Publishes a durable event. `messageId` is the business key (e.g. the settlement id): it
 * becomes Nats-Msg-Id, so a retried publish inside the stream's duplicate window is stored
 * once. Trace context rides in the headers.
 *
 * @example
 * await publishEvent(js, settlementSettled, event, event.settlementId);
 */
export async function publishEvent<E>(js: JetStreamClient, contract: EventContract<E>, payload: E, messageId: string): Promise<PublishResult> {
  try {
    const ack = await js.publish(contract.subject, json.encode(contract.payload.encode(payload)), {
      msgID: messageId,
      headers: traceHeaders(),
    });
    return { seq: ack.seq, duplicate: ack.duplicate };
  } catch (error) {
    throw new QuietpayError('bus_unavailable', `publish on ${contract.subject} failed`, {
      context: { subject: contract.subject, messageId },
      cause: error,
    });
  }
}
