import { execFileSync } from 'node:child_process';
import { buildProjects } from '../support/build-projects';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseAllDocuments } from 'yaml';

// Shared by the deployment tests: where the files are and how to read them as plain objects.
export const ROOT = join(__dirname, '..', '..');
export const K8S = join(ROOT, 'k8s');
export const OVERLAYS = ['local', 'devnet'] as const;
export type Overlay = (typeof OVERLAYS)[number];

export const SERVICES = ['gateway', 'session-ledger', 'tx-builder', 'signer', 'submitter', 'crank-keeper', 'chain-poller', 'decrypt-proxy'] as const;
export type ServiceName = (typeof SERVICES)[number];

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads a YAML stream; a syntax error fails the test naming the source. */
export function parseYamlStream(text: string, source: string): JsonObject[] {
  return parseAllDocuments(text).flatMap((doc) => {
    if (doc.errors.length > 0) throw new Error(`${source}: ${doc.errors.map((e) => e.message).join('; ')}`);
    const value: unknown = doc.toJS();
    if (value === null || value === undefined) return [];
    if (!isObject(value)) throw new Error(`${source}: a document is not a mapping`);
    return [value];
  });
}

/** Every *.yaml under k8s/ except kustomization files and strategic-merge patches (partial objects). */
export function manifestFiles(): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir)) {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.ya?ml$/.test(entry) && entry !== 'kustomization.yaml' && !entry.endsWith('.patch.yaml')) out.push(path);
    }
  };
  walk(K8S);
  return out.sort();
}

export function readManifests(path: string): JsonObject[] {
  return parseYamlStream(readFileSync(path, 'utf8'), relative(ROOT, path));
}

/**
 * The local overlay's bus and store credentials, as an operator writes them once with
 * scripts/stack/credentials.mjs (kept when present; never committed).
 */
function ensureLocalCredentials(): void {
  buildProjects(['libs/platform']);
  execFileSync(process.execPath, [join(ROOT, 'scripts/stack/credentials.mjs'), join(K8S, 'overlays/local/secrets')], { cwd: ROOT, stdio: 'ignore' });
}

/** `kubectl kustomize` of a directory under k8s/, parsed. */
export function kustomize(dir: string): JsonObject[] {
  if (dir === 'overlays/local') ensureLocalCredentials();
  const out = execFileSync('kubectl', ['kustomize', join(K8S, dir)], {
    cwd: ROOT,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return parseYamlStream(out, `kubectl kustomize k8s/${dir}`);
}

export function get(value: Json | undefined, ...path: (string | number)[]): Json | undefined {
  let current: Json | undefined = value;
  for (const key of path) {
    if (typeof key === 'number') current = Array.isArray(current) ? current[key] : undefined;
    else current = isObject(current) ? current[key] : undefined;
  }
  return current;
}

export function asArray(value: Json | undefined): Json[] {
  return Array.isArray(value) ? value : [];
}

export function findKind(objects: JsonObject[], kind: string, name: string): JsonObject | undefined {
  return objects.find((o) => o['kind'] === kind && get(o, 'metadata', 'name') === name);
}

/** The example resource servers compose runs beside the services. */
export const EXAMPLES = ['paid-api', 'private-api'] as const;

// docker-compose 1.29 validates and resolves the file offline (no Docker engine):
// scripts/ensure-deploy-tools.sh installs it.
export const COMPOSE_FILE = join(ROOT, 'docker-compose.yml');

/** `docker-compose config` of `file`, resolved with a clean environment (no developer overrides). */
export function composeConfig(file: string, home: string, ...args: string[]): string {
  return execFileSync('docker-compose', ['-f', file, '--project-directory', ROOT, 'config', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    // Resolve with a clean slate: the developer's own SOLANA_RPC_URL etc. must not leak in.
    env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: home },
  });
}

/** The resolved `services` map of docker-compose.yml. */
export function composeServices(home: string): JsonObject {
  const [resolved] = parseYamlStream(composeConfig(COMPOSE_FILE, home), 'docker-compose config');
  const found = resolved?.['services'];
  return isObject(found) ? found : {};
}

/** A compose service's environment as strings (null, i.e. `KEY:` with no value, reads as ''). */
export function composeEnvironment(services: JsonObject, service: string): Record<string, string> {
  const env = get(services[service], 'environment');
  if (!isObject(env)) return {};
  return Object.fromEntries(Object.entries(env).map(([k, v]) => [k, v === null ? '' : String(v)]));
}

/** One volume of a compose service, whichever form `docker-compose config` printed it in. */
export interface ComposeVolume {
  readonly source: string;
  readonly target: string;
  readonly readOnly: boolean;
}

/** A compose service's volumes: long form objects, or docker-compose 1.29's "source:target:mode". */
export function composeVolumes(services: JsonObject, service: string): ComposeVolume[] {
  return asArray(get(services[service], 'volumes')).map((v) => {
    if (isObject(v)) return { source: String(v['source']), target: String(v['target']), readOnly: v['read_only'] === true };
    const [source = '', target = '', mode = ''] = String(v).split(':');
    return { source, target, readOnly: mode.split(',').includes('ro') };
  });
}

/**
 * The environment a k8s container starts with: its envFrom ConfigMaps, then its own `env` (which
 * wins, as in Kubernetes). `valueFrom` entries get `fieldRefValue` (they resolve at run time).
 */
export function containerEnvironment(objects: JsonObject[], deployment: JsonObject, fieldRefValue = 'resolved-at-runtime'): Record<string, string> {
  const container = get(deployment, 'spec', 'template', 'spec', 'containers', 0);
  const out: Record<string, string> = {};
  for (const source of asArray(get(container, 'envFrom'))) {
    const ref = get(source, 'configMapRef', 'name');
    if (ref === undefined) continue;
    const data = get(findKind(objects, 'ConfigMap', String(ref)), 'data');
    if (isObject(data)) for (const [k, v] of Object.entries(data)) out[k] = String(v);
  }
  for (const entry of asArray(get(container, 'env'))) {
    const value = get(entry, 'value');
    out[String(get(entry, 'name'))] = value === undefined ? fieldRefValue : String(value);
  }
  return out;
}
