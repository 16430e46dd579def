import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildProjects } from '../support/build-projects';
import { quietpay } from './cli.fixture';

// The `quietpay` bin's local commands as a real process: config check against the services' own
// schemas, and the px402 secret rotation.

beforeAll(() => {
  buildProjects(['libs/cli', 'services/gateway', 'services/session-ledger', 'services/signer']);
}, 300_000);

describe('quietpay config check', () => {
  it('names every missing variable of a service for each profile, and exits 1', async () => {
    const run = await quietpay(['config', 'check', '--service', 'session-ledger']);
    expect(run.code).toBe(1);
    for (const profile of ['localnet', 'devnet', 'mainnet']) {
      const section = run.stdout.split(/\n(?=session-ledger \()/).find((s) => s.startsWith(`session-ledger (${profile})`)) ?? '';
      for (const variable of ['FACILITATOR_PUBKEY', 'INCO_MINT', 'SOLANA_RPC_URL']) expect(section).toContain(`${variable}: missing`);
    }
  });

  it('names an invalid value and an unreadable secret file; a satisfied schema passes every profile', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qp-cli-'));
    const envFile = join(dir, 'signer.env');
    writeFileSync(envFile, 'FACILITATOR_KEYPAIR_PATH=/nonexistent/key.json\nINCO_MINT=not-base58!\nSHUTDOWN_GRACE_MS=soon\n');
    const bad = await quietpay(['config', 'check', '--service', 'signer', '--profile', 'devnet', '--env-file', envFile]);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/FACILITATOR_KEYPAIR_PATH: cannot read secret file/);
    expect(bad.stdout).toMatch(/INCO_MINT: /);
    expect(bad.stdout).toMatch(/SHUTDOWN_GRACE_MS: /);
    expect(bad.stdout).toMatch(/LEDGER_AUTHORITY_PUBKEY: missing/);
    expect(bad.stdout).not.toContain('(localnet)');

    const good = await quietpay(['config', 'check', '--service', 'gateway'], { QUIETPAY_PROFILE: 'devnet' });
    expect(good).toMatchObject({ code: 0 });
    expect(good.stdout.trim().split('\n')).toEqual(['gateway (localnet): ok', 'gateway (devnet): ok', 'gateway (mainnet): ok']);
  });

  it('refuses an unknown service and a bad profile as usage errors', async () => {
    expect(await quietpay(['config', 'check', '--service', 'nope'])).toMatchObject({ code: 1, stderr: expect.stringContaining('unknown service nope') });
    expect((await quietpay(['config', 'check', '--service', 'gateway', '--profile', 'prod'])).code).toBe(2);
  });
});

describe('quietpay secrets rotate', () => {
  it('moves current to previous, writes a fresh 0600 current, and prints fingerprints only', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qp-secrets-'));
    const first = await quietpay(['secrets', 'rotate', '--dir', dir]);
    expect(first.code).toBe(0);
    const current1 = readFileSync(join(dir, 'px402-token-secret'), 'utf8').trim();
    expect(Buffer.from(current1, 'base64url')).toHaveLength(32);
    expect(statSync(join(dir, 'px402-token-secret')).mode & 0o777).toBe(0o600);

    const second = await quietpay(['secrets', 'rotate', '--dir', dir]);
    const current2 = readFileSync(join(dir, 'px402-token-secret'), 'utf8').trim();
    expect(readFileSync(join(dir, 'px402-token-secret.previous'), 'utf8').trim()).toBe(current1);
    expect(current2).not.toBe(current1);
    const printed = JSON.parse(second.stdout) as { fingerprints: { current: string; previous: string } };
    expect(printed.fingerprints.previous).toBe((JSON.parse(first.stdout) as { fingerprints: { current: string } }).fingerprints.current);
    for (const out of [first.stdout, second.stdout]) {
      expect(out).not.toContain(current1);
      expect(out).not.toContain(current2);
    }
    expect((await quietpay(['secrets', 'rotate', '--dir', join(dir, 'missing')])).code).toBe(1);
  });
});
