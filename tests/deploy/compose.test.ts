import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import bs58 from 'bs58';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  asArray,
  COMPOSE_FILE,
  composeConfig,
  composeEnvironment,
  composeServices,
  composeVolumes,
  EXAMPLES,
  get,
  isObject,
  SERVICES,
  type JsonObject,
} from './deploy-files';

const tmp = mkdtempSync(join(tmpdir(), 'quietpay-compose-'));
const compose = (file: string, ...args: string[]): string => composeConfig(file, tmp, ...args);

let services: JsonObject = {};

beforeAll(() => {
  services = composeServices(tmp);
});

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const environment = (service: string): Record<string, string> => composeEnvironment(services, service);

/** A service's published ports, from either form docker-compose config prints (`[ip:]host:container[/proto]` or long syntax). */
function portMappings(service: string): { hostIp: string; published: string; target: string }[] {
  return asArray(get(services[service], 'ports')).map((p) => {
    if (isObject(p)) return { hostIp: String(p['host_ip'] ?? ''), published: String(p['published']), target: String(p['target']) };
    const parts = String(p)
      .replace(/\/\w+$/, '')
      .split(':');
    const [target = '', published = '', hostIp = ''] = parts.reverse();
    return { hostIp, published, target };
  });
}

function commandLine(service: string): string {
  return asArray(get(services[service], 'command')).map(String).join(' ');
}

describe('docker-compose.yml', () => {
  it('is accepted by docker-compose config -q', () => {
    expect(() => compose(COMPOSE_FILE, '-q')).not.toThrow();
  });

  it('is rejected when broken, so the check above can fail', () => {
    const broken = join(tmp, 'broken.yml');
    writeFileSync(broken, readFileSync(COMPOSE_FILE, 'utf8').replace('depends_on: *service-deps', 'depends_on: 42'));
    expect(() => compose(broken, '-q')).toThrow();
  });

  it('runs every service and dependency', () => {
    const expected = ['nats', 'redis', 'localnet', 'jaeger', 'prometheus', 'grafana', ...EXAMPLES, ...SERVICES];
    expect(Object.keys(services).sort()).toEqual([...expected].sort());
  });

  it('runs NATS with JetStream and Redis with AOF and noeviction', () => {
    expect(commandLine('nats')).toMatch(/(^| )(--jetstream|-js)( |$)/);
    expect(commandLine('redis')).toMatch(/--appendonly yes/);
    expect(commandLine('redis')).toMatch(/--maxmemory-policy noeviction/);
  });

  it('publishes every port on the host loopback only (NATS and Redis with authentication on)', () => {
    const all = Object.keys(services).flatMap((name) => portMappings(name).map((port) => `${name} ${port.hostIp}:${port.published}`));
    expect(all.filter((entry) => entry.startsWith('gateway ') || entry.startsWith('nats ') || entry.startsWith('redis ')).length).toBeGreaterThanOrEqual(3);
    for (const entry of all) expect(entry).toMatch(/^\S+ 127\.0\.0\.1:/);
    expect(commandLine('nats')).toMatch(/--config \/run\/secrets\/nats-auth/);
    expect(commandLine('redis')).toMatch(/--aclfile \/run\/secrets\/redis-acl/);
  });

  it.each(SERVICES)('gives %s its own NATS and Redis user, with only its own passwords', (name) => {
    const env = environment(name);
    expect(env['NATS_USER']).toBe(name);
    expect(env['REDIS_USERNAME']).toBe(name);
    const secrets = asArray(get(services[name], 'secrets')).map((s) => (isObject(s) ? `${String(s['source'])}>${String(s['target'])}` : String(s)));
    // The gateway's admin API has its own: the admin keys file and the NATS user `admin` (asserted below).
    const admin = name === 'gateway' ? ['admin-keys>admin-keys', 'nats-admin>nats-admin-password'] : [];
    expect(secrets.sort()).toEqual([...admin, `nats-${name}>nats-password`, `redis-${name}>redis-password`].sort());
    expect(env['NATS_PASSWORD_FILE']).toBe('/run/secrets/nats-password');
    expect(env['REDIS_PASSWORD_FILE']).toBe('/run/secrets/redis-password');
  });

  it('exposes the trace backend on OTLP/HTTP 4318 and points every service at it', () => {
    expect(environment('jaeger')['COLLECTOR_OTLP_ENABLED']).toBe('true');
    expect(portMappings('jaeger').map((p) => p.target)).toContain('4318');
    for (const name of SERVICES) expect(environment(name)['OTEL_EXPORTER_OTLP_ENDPOINT']).toBe('http://jaeger:4318');
  });

  it.each(SERVICES)('gives %s its role, bus, store, chain and health port', (name) => {
    const env = environment(name);
    expect(env['SERVICE']).toBe(name);
    expect(env['NATS_URL']).toBe('nats://nats:4222');
    expect(env['REDIS_URL']).toBe('redis://redis:6379');
    for (const key of ['QUIETPAY_PROFILE', 'SOLANA_RPC_URL', 'SOLANA_WS_URL', 'COVALIDATOR_URL', 'PAYMENTS_API_URL']) {
      expect(env[key], key).toBeTruthy();
    }
    expect(env[name === 'gateway' ? 'PORT' : 'HTTP_PORT']).toMatch(/^\d+$/);
  });

  it('mounts the localnet private state (the facilitator key) in the signer only', () => {
    // docker-compose 1.29 prints volumes in short form ("source:target:mode").
    const source = (v: unknown) => (isObject(v) ? String(v['source']) : String(v).split(':')[0]);
    const mountsState = (name: string) => name !== 'localnet' && asArray(get(services[name], 'volumes')).some((v) => source(v) === 'localnet-state');
    expect(Object.keys(services).filter(mountsState)).toEqual(['signer']);
    expect(environment('signer')['FACILITATOR_KEYPAIR_PATH']).toMatch(/^\/var\/lib\/localnet\//);
  });

  it("gives session-ledger the dev authority key whose public half is the signer's LEDGER_AUTHORITY_PUBKEY", () => {
    const bind = composeVolumes(services, 'session-ledger').find((v) => v.target === environment('session-ledger')['LEDGER_AUTHORITY_KEY_FILE']);
    expect(bind?.readOnly).toBe(true);
    const key = JSON.parse(readFileSync(bind?.source ?? '', 'utf8')) as number[];
    expect(bs58.encode(Uint8Array.from(key.slice(32)))).toBe(environment('signer')['LEDGER_AUTHORITY_PUBKEY']);
    const mountsKey = (name: string) => composeVolumes(services, name).some((v) => v.source.endsWith('ledger-authority.dev.json'));
    expect(Object.keys(services).filter(mountsKey)).toEqual(['session-ledger']);
  });

  it.each([
    ['paid-api', '4100'],
    ['private-api', '4101'],
  ])('serves the example %s on %s against the gateway, reachable from outside its container', (name, port) => {
    const env = environment(name);
    expect(env['SERVICE']).toBe(name);
    expect(env['PORT']).toBe(port);
    // The examples default to loopback, which nothing outside the container can reach.
    expect(env['HOST']).toBe('0.0.0.0');
    expect(env['FACILITATOR_URL']).toBe('http://gateway:4021');
    expect(portMappings(name).map((p) => `${p.published}:${p.target}`)).toContain(`${port}:${port}`);
  });

  it("serves the admin API and console on the gateway's own admin port, host loopback only, with its keys from a secret", () => {
    const env = environment('gateway');
    expect(env).toMatchObject({
      ADMIN_PORT: '4031',
      ADMIN_KEYS_FILE: '/run/secrets/admin-keys',
      ADMIN_NATS_USER: 'admin',
      ADMIN_NATS_PASSWORD_FILE: '/run/secrets/nats-admin-password',
      ADMIN_CONSOLE_DIR: '/app/libs/console/dist',
    });
    expect(portMappings('gateway').filter((p) => p.target === '4031')).toEqual([{ hostIp: '127.0.0.1', published: '4031', target: '4031' }]);
    // The overview's metrics: each source is a compose service's health port, the one Prometheus scrapes.
    const sources = (env['ADMIN_METRICS_SOURCES'] ?? '').split(',').map((entry) => entry.split('='));
    expect(sources.map(([name]) => name).sort()).toEqual(['chain-poller', 'crank-keeper', 'session-ledger', 'submitter']);
    for (const [name, url] of sources) expect(url).toBe(`http://${name}:${environment(name!)['HTTP_PORT']}/metrics`);
  });

  it('enables the private scheme on the gateway with its chain facts', () => {
    const env = environment('gateway');
    expect(env['PRIVATE_SCHEME_ENABLED']).toBe('true');
    expect(env['USDC_MINT']).toBeTruthy();
    expect(env['PAYMENTS_API_URL']).toBe('http://localnet:8920');
  });
});
