import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { readCliOptions, startLocalnet } from '@quietpay/infra-localnet';
import { commonConfigSchema, secretFile } from '@quietpay/platform';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  asArray,
  composeEnvironment,
  composeServices,
  composeVolumes,
  containerEnvironment,
  EXAMPLES,
  findKind,
  get,
  isObject,
  kustomize,
  OVERLAYS,
  ROOT,
  SERVICES,
  type JsonObject,
} from './deploy-files';
import { buildConsole } from '../support/build-projects';

// Each service's own config schema says what it requires; this test derives the list from it at
// test time, so adding a required variable to a schema without wiring it in k8s/ fails here.
// Contract: every service's package root (`@quietpay/service-<name>`, src/index.ts) exports
// `configSchema`, the zod schema its main.ts passes to libs/platform `loadConfig`, with no side
// effects on import. The specifier is computed: tests may not depend on services statically
// (module boundaries), and this reads a service's public contract, not its internals.

interface EnvSchema {
  safeParse(env: Record<string, string>): { success: boolean; error?: { issues: readonly { path: readonly PropertyKey[] }[] } };
  shape?: Record<string, unknown>;
}

function isEnvSchema(value: unknown): value is EnvSchema {
  return typeof value === 'object' && value !== null && typeof (value as { safeParse?: unknown }).safeParse === 'function';
}

async function configSchemaOf(service: string): Promise<EnvSchema> {
  const specifier = `@quietpay/service-${service}`;
  const mod: unknown = await import(/* @vite-ignore */ specifier);
  const schema = typeof mod === 'object' && mod !== null ? (mod as { configSchema?: unknown }).configSchema : undefined;
  if (!isEnvSchema(schema)) throw new Error(`${specifier} does not export configSchema (a zod schema)`);
  return schema;
}

/**
 * The examples' config loaders, by the same computed-specifier contract: `@quietpay/example-<name>`
 * exports its loader (paid-api `loadPaidApiConfig`, private-api `loadPrivateApiConfig`), which
 * throws naming what is missing or wrong.
 */
async function exampleLoaderOf(example: string): Promise<(env: Record<string, string>) => unknown> {
  const specifier = `@quietpay/example-${example}`;
  const mod: unknown = await import(/* @vite-ignore */ specifier);
  const name = example === 'paid-api' ? 'loadPaidApiConfig' : 'loadPrivateApiConfig';
  const loader = typeof mod === 'object' && mod !== null ? (mod as Record<string, unknown>)[name] : undefined;
  if (typeof loader !== 'function') throw new Error(`${specifier} does not export ${name}`);
  return loader as (env: Record<string, string>) => unknown;
}

/** What a full parse of `env` reports, as "VARIABLE: message" lines (empty when it boots). */
function parseProblems(schema: EnvSchema, env: Record<string, string>): string[] {
  const result = schema.safeParse(env) as { success: boolean; error?: { issues: readonly { path: readonly PropertyKey[]; message?: string }[] } };
  if (result.success) return [];
  return (result.error?.issues ?? []).map((i) => `${i.path.map(String).join('.')}: ${i.message ?? 'invalid'}`);
}

/**
 * The variables a schema reports missing when given only the profile: those are what it requires
 * (defaults and optionals are not),
 * under the overlay's own profile.
 */
function requiredVariables(schema: EnvSchema, profile: string): string[] {
  const env = { QUIETPAY_PROFILE: profile };
  const result = schema.safeParse(env);
  if (result.success) return [];
  const names = (result.error?.issues ?? []).filter((i) => i.path.length === 1).map((i) => String(i.path[0]));
  return [...new Set(names)].filter((n) => !(n in env)).sort();
}

/** Names a container gets: its env entries and the keys of the ConfigMaps/Secrets in envFrom. */
function wiredVariables(objects: JsonObject[], deployment: JsonObject): Set<string> {
  const container = get(deployment, 'spec', 'template', 'spec', 'containers', 0);
  const names = new Set(asArray(get(container, 'env')).map((e) => String(get(e, 'name'))));
  for (const source of asArray(get(container, 'envFrom'))) {
    const ref = get(source, 'configMapRef', 'name') ?? get(source, 'secretRef', 'name');
    const kind = get(source, 'configMapRef') ? 'ConfigMap' : 'Secret';
    const data = get(findKind(objects, kind, String(ref)), 'data');
    if (isObject(data)) for (const key of Object.keys(data)) names.add(key);
  }
  return names;
}

describe.each(OVERLAYS)('overlay %s wires what each service config requires', (overlay) => {
  const objects = kustomize(`overlays/${overlay}`);
  const profile = String(get(findKind(objects, 'ConfigMap', 'quietpay-common'), 'data', 'QUIETPAY_PROFILE'));

  it('names a profile', () => {
    expect(profile).toBe(overlay === 'local' ? 'localnet' : 'devnet');
  });

  it.each(SERVICES)('%s', async (service) => {
    const schema = await configSchemaOf(service);
    const deployment = findKind(objects, 'Deployment', service);
    expect(deployment).toBeDefined();
    const wired = wiredVariables(objects, deployment!);
    const missing = requiredVariables(schema, profile).filter((name) => !wired.has(name));
    expect(missing, `${service} requires these but its Deployment does not set them`).toEqual([]);
    // The per-service entries must be ones the schema knows: a misspelt name is silently ignored.
    if (schema.shape) {
      const own = asArray(get(deployment, 'spec', 'template', 'spec', 'containers', 0, 'env')).map((e) => String(get(e, 'name')));
      expect(own.filter((name) => !(name in schema.shape!))).toEqual([]);
    }
  });
});

const tmp = mkdtempSync(join(tmpdir(), 'quietpay-wiring-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

// The image's /app is this repository's tree as built (Dockerfile): the gateway's ADMIN_CONSOLE_DIR
// (/app/libs/console/dist) must hold the built console, so build it the way the image does when absent.
const IMAGE_ROOT = '/app/';
const fromImage = (v: string): string => (v.startsWith(IMAGE_ROOT) ? join(ROOT, v.slice(IMAGE_ROOT.length)) : v);
beforeAll(() => {
  if (!existsSync(join(ROOT, 'libs/console/dist/index.html'))) buildConsole();
}, 120_000);

/**
 * Rewrites env values that are paths into a mounted Secret to a local copy of that Secret's item,
 * so a secretFile() variable (the signer's key) parses against the file the pod would see.
 */
function withSecretFiles(objects: JsonObject[], deployment: JsonObject, env: Record<string, string>): Record<string, string> {
  const pod = get(deployment, 'spec', 'template', 'spec');
  const out = { ...env };
  for (const mount of asArray(get(pod, 'containers', 0, 'volumeMounts'))) {
    const volume = asArray(get(pod, 'volumes')).find((v) => get(v, 'name') === get(mount, 'name'));
    const secretName = get(volume, 'secret', 'secretName');
    if (secretName === undefined) continue;
    const data = get(findKind(objects, 'Secret', String(secretName)), 'data');
    for (const item of asArray(get(volume, 'secret', 'items'))) {
      const inPod = `${String(get(mount, 'mountPath'))}/${String(get(item, 'path'))}`;
      const local = join(tmp, 'k8s', String(secretName), String(get(item, 'path')));
      const content = isObject(data) ? data[String(get(item, 'key'))] : undefined;
      if (content === undefined) continue;
      mkdirSync(dirname(local), { recursive: true });
      writeFileSync(local, Buffer.from(String(content).replace(/\s/g, ''), 'base64'));
      for (const [k, v] of Object.entries(out)) if (v === inPod) out[k] = local;
    }
  }
  return out;
}

describe('overlay local: each service boots on its Deployment environment', () => {
  // Beyond names: the values must parse (addresses, URLs, the signer's key file from the Secret),
  // and conditional requirements count (the gateway's private scheme needs USDC_MINT and
  // PAYMENTS_API_URL once PRIVATE_SCHEME_ENABLED=true). devnet is left out: its placeholders are
  // meant to fail until an operator fills them in.
  const objects = kustomize('overlays/local');

  it.each(SERVICES)('%s', async (service) => {
    const deployment = findKind(objects, 'Deployment', service)!;
    const env = withSecretFiles(objects, deployment, containerEnvironment(objects, deployment));
    expect(parseProblems(await configSchemaOf(service), Object.fromEntries(Object.entries(env).map(([k, v]) => [k, fromImage(v)])))).toEqual([]);
  });

  it('offers the private scheme on the gateway', () => {
    const env = containerEnvironment(objects, findKind(objects, 'Deployment', 'gateway')!);
    expect(env['PRIVATE_SCHEME_ENABLED']).toBe('true');
  });

  it('fails a service whose environment lacks a required variable (the check can fail)', async () => {
    const deployment = findKind(objects, 'Deployment', 'tx-builder')!;
    const env = containerEnvironment(objects, deployment);
    delete env['INCO_MINT'];
    expect(parseProblems(await configSchemaOf('tx-builder'), env).join()).toMatch(/INCO_MINT/);
  });
});

describe('docker-compose.yml: each service and example boots on its compose environment', () => {
  let services: JsonObject = {};
  // Where compose's localnet-state volume would be: a seeded localnet (the compose seed) writes
  // its wallet files there, so the signer's FACILITATOR_KEYPAIR_PATH is checked against the file
  // the localnet itself produces.
  let stateDir = '';
  let composeStateDir = '';

  beforeAll(async () => {
    services = composeServices(tmp);
    const options = readCliOptions([], composeEnvironment(services, 'localnet'));
    composeStateDir = options.stateDir ?? '/unset';
    stateDir = join(tmp, 'compose-state');
    const net = await startLocalnet({ ...options, host: '127.0.0.1', rpcPort: 0, modules: { inco: false, magicblock: false }, stateDir, log: () => undefined });
    await net.stop();
  }, 60_000);

  // A path inside the container is read where it comes from: the localnet's state, or a file of
  // the repository bind-mounted read-only (session-ledger's dev authority key).
  const bindSource = (name: string, path: string): string | undefined =>
    composeVolumes(services, name).find((v) => v.target === path && v.source.startsWith('/'))?.source;
  // Compose secrets appear in the container under /run/secrets/<target>: a stand-in file each
  // (what docker/secrets would hold once scripts/stack/credentials.mjs wrote it).
  // ADMIN_KEYS_FILE's stand-in is in its own format (an id and a key digest), as credentials.mjs writes it.
  const secretFileFor = (path: string): string => {
    const local = join(tmp, 'compose-secrets', path.slice('/run/secrets/'.length));
    mkdirSync(dirname(local), { recursive: true });
    writeFileSync(
      local,
      path === '/run/secrets/admin-keys' ? `ops sha256:${createHash('sha256').update('stand-in-admin-key').digest('hex')}\n` : 'stand-in-password',
    );
    return local;
  };
  const localPath = (name: string, v: string): string =>
    v.startsWith(`${composeStateDir}/`)
      ? stateDir + v.slice(composeStateDir.length)
      : (bindSource(name, v) ?? (v.startsWith('/run/secrets/') ? secretFileFor(v) : fromImage(v)));
  const envOf = (name: string): Record<string, string> =>
    Object.fromEntries(Object.entries(composeEnvironment(services, name)).map(([k, v]) => [k, localPath(name, v)]));

  it.each(SERVICES)('%s sets every variable its schema requires', async (service) => {
    const env = composeEnvironment(services, service);
    const required = requiredVariables(await configSchemaOf(service), env['QUIETPAY_PROFILE'] ?? 'localnet');
    expect(
      required.filter((name) => !env[name]),
      `${service} requires these but compose does not set them`,
    ).toEqual([]);
  });

  it.each(SERVICES)('%s parses its compose environment', async (service) => {
    expect(parseProblems(await configSchemaOf(service), envOf(service))).toEqual([]);
  });

  it.each(EXAMPLES)('example %s parses its compose environment', async (example) => {
    const load = await exampleLoaderOf(example);
    expect(() => load(envOf(example))).not.toThrow();
  });

  it('fails an example whose environment lacks its merchant (the check can fail)', async () => {
    const load = await exampleLoaderOf('private-api');
    const env = envOf('private-api');
    delete env['MERCHANT_WALLET'];
    expect(() => load(env)).toThrow(/MERCHANT_WALLET/);
  });
});

describe('required-variable derivation', () => {
  it('reports variables without default, skips defaults and optionals', () => {
    const schema = commonConfigSchema({ name: 'probe', httpPort: 4999 }).extend({
      QUIETPAY_PROFILE: z.enum(['localnet', 'devnet']).default('localnet'),
      FACILITATOR_KEYPAIR_PATH: secretFile(),
      SOLANA_RPC_URL: z.url(),
      SOLANA_WS_URL: z.url().optional(),
      COVALIDATOR_URL: z.string().optional(),
    });
    expect(requiredVariables(schema, 'localnet')).toEqual(['FACILITATOR_KEYPAIR_PATH', 'SOLANA_RPC_URL']);
  });
});
