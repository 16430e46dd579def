import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { QuietpayError } from '../errors/quietpay-error';
import { commonConfigSchema } from './common-config.schema';
import { loadConfig } from './load-config';
import { secretFile } from './secret-file.schema';

const schema = commonConfigSchema({ name: 'tx-builder', httpPort: 4033 });

function configError(run: () => unknown): QuietpayError {
  try {
    run();
  } catch (error) {
    if (error instanceof QuietpayError) return error;
    throw error;
  }
  throw new Error('expected loadConfig to throw');
}

describe('loadConfig', () => {
  it('applies the defaults, including the per-service HTTP port', () => {
    const config = loadConfig(schema, {});
    expect(config).toMatchObject({
      SERVICE: 'tx-builder',
      NATS_URL: 'nats://127.0.0.1:4222',
      REDIS_URL: 'redis://127.0.0.1:6379',
      HTTP_PORT: 4033,
      LOG_LEVEL: 'info',
      NATS_REQUEST_TIMEOUT_MS: 5000,
    });
    expect(config.OTEL_EXPORTER_OTLP_ENDPOINT).toBeUndefined();
  });

  it('coerces numbers from strings', () => {
    expect(loadConfig(schema, { HTTP_PORT: '0', SHUTDOWN_GRACE_MS: '2500' })).toMatchObject({ HTTP_PORT: 0, SHUTDOWN_GRACE_MS: 2500 });
  });

  it('names every bad variable in one message', () => {
    const error = configError(() => loadConfig(schema, { NATS_URL: 'not-a-url', HTTP_PORT: 'abc', REDIS_URL: 'http://x' }));
    expect(error.code).toBe('config_invalid');
    expect(error.message).toMatch(/NATS_URL: /);
    expect(error.message).toMatch(/HTTP_PORT: /);
    expect(error.message).toMatch(/REDIS_URL: must be a redis\/rediss URL/);
    expect(error.context['variables']).toBe('NATS_URL,REDIS_URL,HTTP_PORT');
  });

  it('rejects a SERVICE that is not this service', () => {
    expect(configError(() => loadConfig(schema, { SERVICE: 'signer' })).message).toMatch(/SERVICE: must be "tx-builder"/);
  });

  it('reports a required variable as missing', () => {
    const withKey = schema.extend({ KEY_PATH: secretFile() });
    expect(configError(() => loadConfig(withKey, {})).message).toBe('invalid configuration: KEY_PATH: missing');
  });
});

describe('secretFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'qp-secret-'));

  it('reads the file and hides its content from JSON and string conversion', () => {
    const path = join(dir, 'key.json');
    writeFileSync(path, 'super-secret-bytes');
    const config = loadConfig(schema.extend({ KEY_PATH: secretFile() }), { KEY_PATH: path });
    expect(config.KEY_PATH.reveal().toString()).toBe('super-secret-bytes');
    expect(JSON.stringify(config)).not.toContain('super-secret-bytes');
    expect(String(config.KEY_PATH)).toBe('[redacted]');
  });

  it('fails naming the variable when the file cannot be read', () => {
    const error = configError(() => loadConfig(schema.extend({ KEY_PATH: secretFile() }), { KEY_PATH: join(dir, 'absent') }));
    expect(error.message).toMatch(/KEY_PATH: cannot read secret file .*absent \(ENOENT\)/);
  });
});
