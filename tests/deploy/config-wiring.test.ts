import { commonConfigSchema, secretFile } from '@quietpay/platform';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { asArray, findKind, get, isObject, kustomize, OVERLAYS, SERVICES, type JsonObject } from './deploy-files';

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

describe('required-variable derivation', () => {
  it('reports variables without default, skips defaults and optionals', () => {
    const schema = commonConfigSchema({ name: 'probe', httpPort: 4999 })
      .extend({
        QUIETPAY_PROFILE: z.enum(['localnet', 'devnet']).default('localnet'),
        FACILITATOR_KEYPAIR_PATH: secretFile(),
        SOLANA_RPC_URL: z.url(),
        SOLANA_WS_URL: z.url().optional(),
        COVALIDATOR_URL: z.string().optional(),
      });
    expect(requiredVariables(schema, 'localnet')).toEqual(['FACILITATOR_KEYPAIR_PATH', 'SOLANA_RPC_URL']);
  });
});
