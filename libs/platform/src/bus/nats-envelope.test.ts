import { randomUUID } from 'node:crypto';
import { Controller, INestMicroservice } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { Codec, CommandContract } from '@quietpay/contracts';
import { connect, NatsConnection } from 'nats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QuietpayError } from '../errors/quietpay-error';
import { BusClient } from './bus-client';
import { BusHandler } from './bus-handler.decorator';
import { natsConnectionOptions } from './nats-connection-options';
import { QuietpayNatsServer } from './quietpay-nats.server';

// Pins the exact bytes of the command envelope described in nats-envelope.md: a NestJS upgrade
// that changes the framing must fail here.
const NATS_URL = 'nats://127.0.0.1:4222';
const prefix = `test.envelope.${randomUUID().slice(0, 8)}`;

const passThrough: Codec<Record<string, unknown>> = { typeName: 'test.Json', decode: (json) => json as Record<string, unknown>, encode: (value) => value };
const fixed: CommandContract<Record<string, unknown>, Record<string, unknown>> = {
  kind: 'command',
  subject: `${prefix}.fixed.v1`,
  request: passThrough,
  reply: passThrough,
};
const refused: CommandContract<Record<string, unknown>, Record<string, unknown>> = { ...fixed, subject: `${prefix}.refused.v1` };
const captured: CommandContract<Record<string, unknown>, Record<string, unknown>> = { ...fixed, subject: `${prefix}.captured.v1` };

@Controller()
class EnvelopeController {
  @BusHandler(fixed)
  fixed(request: Record<string, unknown>): Record<string, unknown> {
    return { ok: { echoed: request['value'] } };
  }

  @BusHandler(refused)
  refused(): Record<string, unknown> {
    throw new QuietpayError('cap_exceeded', 'over the cap');
  }
}

const text = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);
const bytes = (value: string): Uint8Array => new TextEncoder().encode(value);

describe('the NATS command envelope (Nest packet) byte for byte', () => {
  let app: INestMicroservice;
  let nc: NatsConnection;

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({ controllers: [EnvelopeController] }).compile();
    app = moduleRef.createNestMicroservice({
      strategy: new QuietpayNatsServer({ connection: natsConnectionOptions(NATS_URL, 'envelope-test-server'), queue: prefix }),
    });
    await app.listen();
    nc = await connect(natsConnectionOptions(NATS_URL, 'envelope-test-client'));
  });

  afterAll(async () => {
    await app?.close();
    await nc?.close();
  });

  it('answers a request packet with {response, isDisposed, id} in that order', async () => {
    const request = `{"pattern":"${fixed.subject}","data":{"value":"v"},"id":"req-1"}`;
    const reply = await nc.request(fixed.subject, bytes(request), { timeout: 2000 });
    expect(text(reply.data)).toBe('{"response":{"ok":{"echoed":"v"}},"isDisposed":true,"id":"req-1"}');
  });

  it('carries a handler refusal as a response error arm, never as Nest err', async () => {
    const reply = await nc.request(refused.subject, bytes(`{"pattern":"${refused.subject}","data":{},"id":"req-2"}`), { timeout: 2000 });
    const body = text(reply.data);
    expect(body.startsWith('{"response":{"error":{')).toBe(true);
    expect(body.endsWith('},"isDisposed":true,"id":"req-2"}')).toBe(true);
    expect(JSON.parse(body)).toMatchObject({ response: { error: { code: 'cap_exceeded', retryable: false } } });
  });

  it('answers a body that is not a packet with a contract_violation and a null id', async () => {
    const reply = await nc.request(fixed.subject, bytes('{not json'), { timeout: 2000 });
    const body = text(reply.data);
    expect(body.startsWith('{"id":null,"response":{"error":{')).toBe(true);
    expect(JSON.parse(body)).toMatchObject({ id: null, isDisposed: true, response: { error: { code: 'contract_violation' } } });
  });

  it('sends requests as {pattern, data, id} from BusClient', async () => {
    const seen: string[] = [];
    const sub = nc.subscribe(captured.subject, {
      callback: (_err, msg) => {
        seen.push(text(msg.data));
        const id = (JSON.parse(text(msg.data)) as { id: string }).id;
        msg.respond(bytes(`{"response":{"ok":{"echoed":"raw"}},"isDisposed":true,"id":"${id}"}`));
      },
    });
    const client = await connect(natsConnectionOptions(NATS_URL, 'envelope-test-bus'));
    try {
      const reply = await new BusClient(client, 2000).request(captured, { value: 'v' });
      expect(reply).toEqual({ ok: { echoed: 'raw' } });
      expect(seen).toHaveLength(1);
      expect(seen[0]).toMatch(new RegExp(`^\\{"pattern":"${captured.subject.replace(/\./g, '\\.')}","data":\\{"value":"v"\\},"id":"[0-9a-f-]{36}"\\}$`));
    } finally {
      sub.unsubscribe();
      await client.close();
    }
  });
});
