import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildProjects } from '../support/build-projects';
import { ALL_SERVICES, serviceEnv, StackService, writeTestKeypair } from '../support/quietpay-stack';
import { killAllServices, startService } from '../support/service.process';

async function failsWith(name: StackService, env: Record<string, string>): Promise<string> {
  const service = startService(name, env);
  const exit = await service.exited;
  expect(exit.code).toBe(1);
  return service.stderr.join('\n');
}

describe('fail-fast configuration', () => {
  let keypairPath: string;

  beforeAll(() => {
    buildProjects(ALL_SERVICES.map((s) => `services/${s}`));
    keypairPath = writeTestKeypair();
  });

  afterAll(killAllServices);

  const validEnv = (name: StackService) => serviceEnv(name, 'nats://127.0.0.1:4222', name === 'signer' ? { FACILITATOR_KEYPAIR_PATH: keypairPath } : {});

  it.each(ALL_SERVICES)('%s exits 1 naming NATS_URL and its port variable when both are invalid', async (name) => {
    const portVariable = name === 'gateway' ? 'PORT' : 'HTTP_PORT';
    const stderr = await failsWith(name, { ...validEnv(name), NATS_URL: 'not-a-url', [portVariable]: 'abc' });
    expect(stderr).toMatch(new RegExp(`^${name}: invalid configuration: .*NATS_URL: `));
    expect(stderr).toContain(`${portVariable}: `);
    expect(stderr.split('\n')).toHaveLength(1);
  });

  it('signer exits 1 when FACILITATOR_KEYPAIR_PATH is missing', async () => {
    const { FACILITATOR_KEYPAIR_PATH: _omitted, ...env } = validEnv('signer');
    expect(await failsWith('signer', env)).toContain('FACILITATOR_KEYPAIR_PATH: missing');
  });

  it('signer exits 1 when the keypair file is unreadable', async () => {
    const stderr = await failsWith('signer', { ...validEnv('signer'), FACILITATOR_KEYPAIR_PATH: '/nonexistent/facilitator.json' });
    expect(stderr).toMatch(/FACILITATOR_KEYPAIR_PATH: cannot read secret file \/nonexistent\/facilitator.json \(ENOENT\)/);
  });

  it('signer rejects a file that is not a keypair without printing its content', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'qp-badkey-')), 'key.json');
    writeFileSync(path, 'TOP-SECRET-NOT-A-KEYPAIR');
    const stderr = await failsWith('signer', { ...validEnv('signer'), FACILITATOR_KEYPAIR_PATH: path });
    expect(stderr).toContain('FACILITATOR_KEYPAIR_PATH: is not a keypair file');
    expect(stderr).not.toContain('TOP-SECRET');
  });
});
