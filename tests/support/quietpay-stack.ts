import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';

export const ALL_SERVICES = ['gateway', 'session-ledger', 'tx-builder', 'signer', 'submitter', 'crank-keeper', 'chain-poller', 'decrypt-proxy'] as const;

export type StackService = (typeof ALL_SERVICES)[number];

/** A throwaway facilitator keypair file in the Solana CLI format (JSON array of 64 bytes). */
export function writeTestKeypair(): string {
  const path = join(mkdtempSync(join(tmpdir(), 'qp-key-')), 'facilitator.json');
  writeFileSync(path, JSON.stringify([...randomBytes(64)]), { mode: 0o600 });
  return path;
}

/** The environment a service needs in tests: ephemeral HTTP port, given NATS, shared Redis. */
export function serviceEnv(name: StackService, natsUrl: string, extra: Record<string, string> = {}): Record<string, string> {
  const base: Record<string, string> = {
    NATS_URL: natsUrl,
    REDIS_URL: 'redis://127.0.0.1:6379',
    LOG_LEVEL: 'info',
    INSTANCE_ID: `${name}-test-${process.pid}`,
    SHUTDOWN_GRACE_MS: '8000',
  };
  if (name === 'gateway') base['PORT'] = '0';
  else base['HTTP_PORT'] = '0';
  return { ...base, ...extra };
}
