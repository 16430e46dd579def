import { randomUUID } from 'node:crypto';
import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { CommandContract, ContractViolation } from '@quietpay/contracts';
import { JSONCodec, NatsConnection } from 'nats';
import { QuietpayError } from '../errors/quietpay-error';
import { busRequestDuration } from '../metrics/bus.metrics';
import { paymentAttributesOf, setPaymentAttributes } from '../tracing/payment-attributes';
import { traceHeaders } from '../tracing/trace-carrier';
import { toQuietpayError } from '../errors/to-quietpay-error';
import { errorFromReplyJson } from './command-reply';
import { fromNatsRequestError } from './nats-error.mapper';
import { NestRequestPacket, nestReplyOf } from './nest-packet';

export interface RequestOptions {
  /** Overrides the service's NATS_REQUEST_TIMEOUT_MS for this call. */
  readonly timeoutMs?: number;
}

const json = JSONCodec<unknown>();
const tracer = trace.getTracer('quietpay.bus');

/**
 * Typed request/reply over NATS. Encodes with the contract's request codec, carries the
 * active trace context in headers, and decodes the reply with the reply codec. Every
 * failure surfaces as a QuietpayError: transport ones (`bus_timeout`, `bus_no_responders`,
 * `bus_unavailable`) retryable, a reply's `error` arm as sent by the handler.
 *
 * @example
 * const status = await bus.request(txBuilderHealth, {}, { timeoutMs: 500 });
 */
export class BusClient {
  constructor(
    private readonly nc: NatsConnection,
    private readonly defaultTimeoutMs: number,
  ) {}

  async request<Req, Res>(contract: CommandContract<Req, Res>, payload: Req, options: RequestOptions = {}): Promise<Res> {
    const timeout = options.timeoutMs ?? this.defaultTimeoutMs;
    return tracer.startActiveSpan(
      `nats request ${contract.subject}`,
      { kind: SpanKind.CLIENT, attributes: { 'messaging.system': 'nats', 'messaging.destination.name': contract.subject } },
      async (span) => {
        const observe = busRequestDuration.startTimer({ subject: contract.subject });
        setPaymentAttributes(paymentAttributesOf(payload), span);
        try {
          const packet: NestRequestPacket = { pattern: contract.subject, data: contract.request.encode(payload), id: randomUUID() };
          const msg = await this.nc.request(contract.subject, json.encode(packet), { timeout, headers: traceHeaders() }).catch((error: unknown) => {
            throw fromNatsRequestError(error, contract.subject, timeout);
          });
          const reply = this.decodeReply(contract, msg.data);
          observe({ outcome: 'ok' });
          return reply;
        } catch (error) {
          observe({ outcome: toQuietpayError(error).code });
          span.recordException(error instanceof Error ? error : String(error));
          span.setStatus({ code: SpanStatusCode.ERROR });
          throw error;
        } finally {
          span.end();
        }
      },
    );
  }

  private decodeReply<Res>(contract: CommandContract<unknown, Res>, data: Uint8Array): Res {
    const badReply = (detail: string, cause?: unknown) =>
      new QuietpayError('bus_bad_reply', `bad reply on ${contract.subject}: ${detail}`, {
        context: { subject: contract.subject },
        cause,
      });
    let raw: unknown;
    try {
      raw = json.decode(data);
    } catch (error) {
      throw badReply('not JSON', error);
    }
    const packet = nestReplyOf(raw);
    if (!packet) throw badReply('not a reply packet');
    if (packet.err !== undefined && packet.err !== null) throw badReply(JSON.stringify(packet.err));
    const error = errorFromReplyJson(packet.response);
    if (error) throw error;
    try {
      return contract.reply.decode(packet.response);
    } catch (cause) {
      throw badReply(cause instanceof ContractViolation ? cause.detail : 'undecodable', cause);
    }
  }
}
