import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
// scripts/ belongs to no project (plain Node tooling the tests check), so the boundary rule calls it external.
// eslint-disable-next-line @nx/enforce-module-boundaries
import { DEPLOYMENT_REDIS_KEYS } from '../../scripts/stack/redis-key-scopes.mjs';
import { ROOT } from './deploy-files';

// The Redis key patterns a deployment's ACL users get (compose and k8s, from
// scripts/stack/credentials.mjs), against the key prefixes the services default to: each service
// reaches its own keys and no other service's. Offline: the defaults are read from the config
// schemas' sources.

/** The `.default('…')` of `variable` in a source file. */
function defaultOf(file: string, variable: string): string {
  const source = readFileSync(join(ROOT, file), 'utf8');
  const found = new RegExp(`${variable}:[^\\n]*\\.default\\('([^']*)'\\)`).exec(source);
  if (!found) throw new Error(`${variable} has no string default in ${file}`);
  return found[1]!;
}

/** Keys each service writes with its defaults, shaped as its repositories build them. */
function sampleKeys(): Record<string, string[]> {
  const ledger = defaultOf('services/session-ledger/src/config.schema.ts', 'LEDGER_KEY_PREFIX');
  const submitter = defaultOf('services/submitter/src/config.schema.ts', 'SUBMITTER_KEY_PREFIX');
  const bull = defaultOf('services/submitter/src/config.schema.ts', 'BULLMQ_PREFIX');
  const decrypt = defaultOf('services/decrypt-proxy/src/config.schema.ts', 'DECRYPT_KEY_PREFIX');
  const poller = defaultOf('services/chain-poller/src/config.schema.ts', 'REDIS_KEY_PREFIX');
  const keeper = defaultOf('services/crank-keeper/src/config.schema.ts', 'REDIS_KEY_PREFIX');
  const rateLimits = defaultOf('services/gateway/src/rate-limit/rate-limit.config.ts', 'RATE_LIMIT_KEY_PREFIX');
  const claims = defaultOf('services/gateway/src/schemes/private/private-scheme.config.ts', 'PRIVATE_CLAIM_KEY_PREFIX');
  const audit = defaultOf('services/gateway/src/admin/admin.config.ts', 'ADMIN_AUDIT_KEY');
  const privateApi = defaultOf('examples/private-api/src/config.schema.ts', 'REDIS_PREFIX');
  return {
    'session-ledger': [
      `${ledger}s:{sess_1}`,
      `${ledger}s:{sess_1}:c:key`,
      `${ledger}s:{sess_1}:rl`,
      `${ledger}open:{User1}:nonce`,
      `${ledger}open-charges`,
      `${ledger}recipients`,
    ],
    submitter: [
      `${submitter}:settlement:{s1}:s1.u1`,
      `${submitter}:batch:open:{s1}`,
      `${submitter}:batch:opened:{s1}`,
      `${submitter}:lock:source:Src1`,
      `${bull}:settlement-submit:1`,
    ],
    'decrypt-proxy': [`${decrypt}:cache:addr:handle`, `${decrypt}:rate:addr:1`],
    'chain-poller': [`${poller}:watermark:addr`, `${poller}:payment:{p1}`],
    'crank-keeper': [`${keeper}:leader`, `${keeper}:crank:mint:validator`],
    gateway: [`${rateLimits}{rl}:payments_per_api_key:key:1`, `${claims}:private:claim:p1:r1`, audit],
    'private-api': [`${privateApi}token:1`],
  };
}

const matches = (pattern: string, key: string): boolean => (pattern.endsWith('*') ? key.startsWith(pattern.slice(0, -1)) : key === pattern);
const reaches = (service: string, key: string): boolean => (DEPLOYMENT_REDIS_KEYS[service] ?? []).some((p) => matches(p, key));

describe('deployment Redis key scopes', () => {
  it('never grants every key', () => {
    for (const [service, patterns] of Object.entries(DEPLOYMENT_REDIS_KEYS)) {
      for (const pattern of patterns) expect(pattern.length, `${service} ${pattern}`).toBeGreaterThan(2);
      expect(patterns, service).not.toContain('*');
    }
  });

  it('lets each service reach every key its defaults name', () => {
    for (const [service, keys] of Object.entries(sampleKeys())) for (const key of keys) expect(reaches(service, key), `${service} → ${key}`).toBe(true);
  });

  it('keeps every service out of the others\u2019 keys, and tx-builder and the signer out of all', () => {
    const samples = sampleKeys();
    for (const service of Object.keys(DEPLOYMENT_REDIS_KEYS)) {
      for (const [owner, keys] of Object.entries(samples)) {
        if (owner === service) continue;
        for (const key of keys) expect(reaches(service, key), `${service} must not reach ${owner}'s ${key}`).toBe(false);
      }
    }
    expect(DEPLOYMENT_REDIS_KEYS['tx-builder']).toEqual([]);
    expect(DEPLOYMENT_REDIS_KEYS['signer']).toEqual([]);
  });
});
