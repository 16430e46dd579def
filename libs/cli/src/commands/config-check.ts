import { readFileSync } from 'node:fs';
import { ServiceCommands } from '@quietpay/contracts';

export const PROFILES = ['localnet', 'devnet', 'mainnet'] as const;
export type Profile = (typeof PROFILES)[number];

interface EnvSchema {
  safeParse(env: Record<string, string | undefined>): { success: boolean; error?: { issues: readonly { path: readonly PropertyKey[]; message: string }[] } };
}

export interface ProfileCheck {
  readonly profile: Profile;
  /** `VARIABLE: why` for each missing or invalid variable; empty when the service would boot. */
  readonly problems: readonly string[];
}

export const SERVICE_NAMES = Object.keys(ServiceCommands);

/**
 * The service's own config schema, by its package's public contract (`@quietpay/service-<name>`
 * exports `configSchema`, the schema its main.ts boots with), so this check and the service can
 * never disagree about what is required.
 */
async function schemaOf(service: string): Promise<EnvSchema> {
  if (!SERVICE_NAMES.includes(service)) throw new Error(`unknown service ${service} (one of ${SERVICE_NAMES.join(', ')})`);
  const mod = (await import(`@quietpay/service-${service}`)) as { configSchema?: EnvSchema };
  if (typeof mod.configSchema?.safeParse !== 'function') throw new Error(`@quietpay/service-${service} exports no configSchema`);
  return mod.configSchema;
}

/** KEY=VALUE lines (# comments, optional quotes), as docker's --env-file reads them. */
export function parseEnvFile(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const at = line.indexOf('=');
    if (at <= 0) continue;
    const value = line.slice(at + 1).trim();
    env[line.slice(0, at).trim()] = /^(['"]).*\1$/.test(value) ? value.slice(1, -1) : value;
  }
  return env;
}

/** Parses `env` with the service's schema under each profile and names every missing or invalid variable. */
export async function checkServiceConfig(service: string, env: Record<string, string | undefined>, profiles: readonly Profile[]): Promise<ProfileCheck[]> {
  const schema = await schemaOf(service);
  return profiles.map((profile) => {
    const result = schema.safeParse({ ...env, QUIETPAY_PROFILE: profile });
    const problems = result.success ? [] : (result.error?.issues ?? []).map((i) => `${i.path.map(String).join('.') || '(config)'}: ${readable(i.message)}`);
    return { profile, problems: [...new Set(problems)] };
  });
}

// zod's wording for an absent variable.
function readable(message: string): string {
  return /received undefined$/.test(message) ? 'missing' : message;
}

export function envFrom(envFile: string | undefined, processEnv: NodeJS.ProcessEnv): Record<string, string | undefined> {
  return envFile === undefined ? { ...processEnv } : { ...processEnv, ...parseEnvFile(readFileSync(envFile, 'utf8')) };
}
