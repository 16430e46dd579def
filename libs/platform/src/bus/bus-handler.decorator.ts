import { Logger } from '@nestjs/common';
import { Ctx, MessagePattern, NatsContext, Payload } from '@nestjs/microservices';
import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { CommandContract } from '@quietpay/contracts';
import { toQuietpayError } from '../errors/to-quietpay-error';
import { busHandlerDuration } from '../metrics/bus.metrics';
import { paymentAttributesOf, setPaymentAttributes } from '../tracing/payment-attributes';
import { contextFromHeaders } from '../tracing/trace-carrier';
import { errorReplyJson } from './command-reply';

type Handler<Req, Res> = (payload: Req) => Res | Promise<Res>;

const tracer = trace.getTracer('quietpay.bus');
const logger = new Logger('BusHandler');

/**
 * Binds a method to a command contract: `@MessagePattern(contract.subject)` plus
 * validation, tracing and error mapping. The method receives the decoded payload inside a
 * server span whose parent is the caller's trace context (from NATS headers). An invalid
 * payload or a thrown error becomes the reply's `error` arm; nothing escapes to crash the
 * process.
 *
 * @example
 * \@BusHandler(sessionGet)
 * get(request: GetSessionRequest): Promise<GetSessionReply> { return this.getSession.execute(request); }
 */
export function BusHandler<Req, Res>(contract: CommandContract<Req, Res>) {
  return <M extends Handler<Req, Res>>(target: object, key: string | symbol, descriptor: TypedPropertyDescriptor<M>): void => {
    const original = descriptor.value;
    if (!original) throw new TypeError(`@BusHandler(${contract.subject}) must decorate a method`);
    const wrapped = async function (this: unknown, data: unknown, natsContext?: NatsContext): Promise<unknown> {
      const parent = contextFromHeaders(natsContext?.getHeaders());
      return tracer.startActiveSpan(
        `nats handle ${contract.subject}`,
        { kind: SpanKind.SERVER, attributes: { 'messaging.system': 'nats', 'messaging.destination.name': contract.subject } },
        parent,
        async (span) => {
          const observe = busHandlerDuration.startTimer({ subject: contract.subject });
          try {
            const payload = contract.request.decode(data);
            setPaymentAttributes(paymentAttributesOf(payload), span);
            const result = await original.call(this, payload);
            setPaymentAttributes(paymentAttributesOf(result), span);
            const reply = contract.reply.encode(result);
            observe({ outcome: 'ok' });
            return reply;
          } catch (thrown) {
            const error = toQuietpayError(thrown);
            observe({ outcome: error.code });
            span.setStatus({ code: SpanStatusCode.ERROR, message: error.code });
            if (error.code === 'internal') logger.error(thrown instanceof Error ? thrown : String(thrown), contract.subject);
            return errorReplyJson(error);
          } finally {
            span.end();
          }
        },
      );
    };
    // Nest passes only the payload unless told otherwise; the wrapper also needs the
    // NatsContext (headers) as its second argument. The typed signature is for the author.
    descriptor.value = wrapped as unknown as M;
    Payload()(target, key, 0);
    Ctx()(target, key, 1);
    MessagePattern(contract.subject)(target, key, descriptor);
  };
}
