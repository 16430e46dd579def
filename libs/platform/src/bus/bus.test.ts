import { randomUUID } from 'node:crypto';
import { Controller, INestMicroservice } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { trace } from '@opentelemetry/api';
import { Codec, CommandContract, ContractViolation, EventContract } from '@quietpay/contracts';
import { connect, JSONCodec, NatsConnection } from 'nats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { QuietpayError } from '../errors/quietpay-error';
import { contextFromHeaders } from '../tracing/trace-carrier';
import { startTracing } from '../tracing/start-tracing';
import { BusClient } from './bus-client';
import { BusHandler } from './bus-handler.decorator';
import { EventBus } from './event-bus';
import { natsConnectionOptions } from './nats-connection-options';
import { QuietpayNatsServer } from './quietpay-nats.server';

const NATS_URL = 'nats://127.0.0.1:4222';
// Unique per run: this test shares the machine's NATS with other tests and engineers.
const prefix = `test.bus.${randomUUID().slice(0, 8)}`;

function zodCodec<T>(typeName: string, schema: z.ZodType<T>): Codec<T> {
  return {
    typeName,
    decode: (json) => {
      const parsed = schema.safeParse(json);
      if (!parsed.success) throw new ContractViolation(typeName, parsed.error.message);
      return parsed.data;
    },
    encode: (value) => value,
  };
}

interface EchoReply {
  readonly ok: { readonly text: string; readonly traceId: string };
}
const echo: CommandContract<{ text: string }, EchoReply> = {
  kind: 'command',
  subject: `${prefix}.echo.v1`,
  request: zodCodec('test.EchoRequest', z.object({ text: z.string().min(1) })),
  reply: zodCodec('test.EchoReply', z.object({ ok: z.object({ text: z.string(), traceId: z.string() }) })),
};
const stall: CommandContract<{ text: string }, EchoReply> = { ...echo, subject: `${prefix}.stall.v1` };
const refuse: CommandContract<{ text: string }, EchoReply> = { ...echo, subject: `${prefix}.refuse.v1` };
const nobody: CommandContract<{ text: string }, EchoReply> = { ...echo, subject: `${prefix}.nobody.v1` };
const happened: EventContract<{ id: string }> = {
  kind: 'event',
  subject: `${prefix}.happened.v1`,
  stream: `TEST_${prefix.replace(/\W/g, '_').toUpperCase()}`,
  payload: zodCodec('test.Happened', z.object({ id: z.string() })),
};

let releaseStalled: () => void = () => undefined;
const stalled = new Promise<void>((resolve) => (releaseStalled = resolve));

@Controller()
class TestBusController {
  @BusHandler(echo)
  echo(request: { text: string }): EchoReply {
    return { ok: { text: request.text, traceId: trace.getActiveSpan()?.spanContext().traceId ?? '' } };
  }

  @BusHandler(stall)
  async stall(request: { text: string }): Promise<EchoReply> {
    await stalled;
    return { ok: { text: request.text, traceId: '' } };
  }

  @BusHandler(refuse)
  refuse(): EchoReply {
    throw new QuietpayError('cap_exceeded', 'over the cap', { context: { sessionId: 's1' } });
  }
}

describe('bus over real NATS', () => {
  let app: INestMicroservice;
  let nc: NatsConnection;
  let bus: BusClient;

  beforeAll(async () => {
    startTracing('bus-test', {});
    const moduleRef = await Test.createTestingModule({ controllers: [TestBusController] }).compile();
    app = moduleRef.createNestMicroservice({
      strategy: new QuietpayNatsServer({ connection: natsConnectionOptions(NATS_URL, 'bus-test-server'), queue: prefix }),
    });
    await app.listen();
    nc = await connect(natsConnectionOptions(NATS_URL, 'bus-test-client'));
    bus = new BusClient(nc, 2000);
  });

  afterAll(async () => {
    releaseStalled();
    await app?.close();
    const jsm = await nc?.jetstreamManager();
    await jsm?.streams.delete(happened.stream).catch(() => undefined);
    await nc?.close();
  });

  it('replies with the decoded reply, inside the caller trace', async () => {
    const tracer = trace.getTracer('bus-test');
    const { reply, traceId } = await tracer.startActiveSpan('caller', async (span) => {
      const result = await bus.request(echo, { text: 'hi' });
      span.end();
      return { reply: result, traceId: span.spanContext().traceId };
    });
    expect(reply.ok.text).toBe('hi');
    expect(traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(reply.ok.traceId).toBe(traceId);
  });

  it('answers an invalid payload with a coded, non-retryable error and keeps serving', async () => {
    const invalid = bus.request(echo, { text: '' });
    await expect(invalid).rejects.toBeInstanceOf(QuietpayError);
    await expect(invalid).rejects.toMatchObject({ code: 'contract_violation', retryable: false });
    expect((await bus.request(echo, { text: 'still here' })).ok.text).toBe('still here');
  });

  it('answers a message that is not even JSON with a coded error', async () => {
    const reply = await nc.request(echo.subject, new TextEncoder().encode('{not json'), { timeout: 2000 });
    expect(JSONCodec().decode(reply.data)).toMatchObject({ response: { error: { code: 'contract_violation' } } });
  });

  it('carries a handler error code back to the caller', async () => {
    await expect(bus.request(refuse, { text: 'x' })).rejects.toMatchObject({
      code: 'cap_exceeded',
      retryable: false,
      context: { sessionId: 's1' },
    });
  });

  it('turns a missing reply into a retryable bus_timeout', async () => {
    await expect(bus.request(stall, { text: 'x' }, { timeoutMs: 300 })).rejects.toMatchObject({ code: 'bus_timeout', retryable: true });
  });

  it('turns a subject nobody serves into a retryable bus_no_responders', async () => {
    await expect(bus.request(nobody, { text: 'x' })).rejects.toMatchObject({ code: 'bus_no_responders', retryable: true });
  });

  it('publishes events once per message id, stored with the publisher trace', async () => {
    const events = new EventBus(nc);
    const tracer = trace.getTracer('bus-test');
    const { first, publishTraceId } = await tracer.startActiveSpan('publisher', async (span) => {
      const result = await events.publish(happened, { id: 'e1' }, 'e1');
      span.end();
      return { first: result, publishTraceId: span.spanContext().traceId };
    });
    const again = await events.publish(happened, { id: 'e1' }, 'e1');
    expect(first.duplicate).toBe(false);
    expect(again.duplicate).toBe(true);

    // A reader (the admin feed) continues the publisher's trace from the stored headers.
    const stored = await (await nc.jetstreamManager()).streams.getMessage(happened.stream, { seq: first.seq });
    expect(stored.json()).toEqual({ id: 'e1' });
    expect(trace.getSpanContext(contextFromHeaders(stored.header))?.traceId).toBe(publishTraceId);
  });
});
