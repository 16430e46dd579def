import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { Secret } from '../config/secret';
import { createLogger } from './create-logger';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  const logger = createLogger({ service: 'signer', instance: 'signer-1', level: 'info' }, stream);
  return { logger, lines };
}

describe('createLogger', () => {
  it('stamps service and instance', () => {
    const { logger, lines } = capture();
    logger.info('hello');
    expect(lines[0]).toMatchObject({ service: 'signer', instance: 'signer-1', level: 'info', msg: 'hello' });
  });

  it('redacts secrets at the top level and nested, and authorization headers', () => {
    const { logger, lines } = capture();
    logger.info(
      {
        secret: 's1',
        config: { privateKey: 'pk', hmacSecret: 'h' },
        req: { headers: { authorization: 'Bearer t', 'x-api-key': 'k', accept: 'json' } },
        wallet: { keypair: [1, 2, 3] },
      },
      'sensitive',
    );
    const line = JSON.stringify(lines[0]);
    for (const leaked of ['s1', '"pk"', '"h"', 'Bearer t', '"k"', '[1,2,3]']) expect(line).not.toContain(leaked);
    expect(lines[0]).toMatchObject({ secret: '[redacted]', req: { headers: { authorization: '[redacted]', accept: 'json' } } });
  });

  it('never prints the content of a Secret', () => {
    const { logger, lines } = capture();
    logger.info({ key: new Secret('/run/keys/k.json', Buffer.from('KEYBYTES')) }, 'config');
    expect(JSON.stringify(lines[0])).not.toContain('KEYBYTES');
  });
});
