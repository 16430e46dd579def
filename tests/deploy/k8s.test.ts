import { relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  asArray,
  findKind,
  get,
  isObject,
  kustomize,
  manifestFiles,
  OVERLAYS,
  readManifests,
  ROOT,
  SERVICES,
  type Json,
  type JsonObject,
} from './deploy-files';
// scripts/ belongs to no project (plain Node tooling the tests check), so the boundary rule calls it external.
// eslint-disable-next-line @nx/enforce-module-boundaries
import { DEPLOYMENT_REDIS_KEYS } from '../../scripts/stack/redis-key-scopes.mjs';
import { k8sSchemaErrors } from './k8s-schema';

const HEALTH_PORT: Record<(typeof SERVICES)[number], number> = {
  gateway: 4021,
  'session-ledger': 4032,
  'tx-builder': 4033,
  signer: 4034,
  submitter: 4035,
  'crank-keeper': 4036,
  'chain-poller': 4037,
  'decrypt-proxy': 4038,
};

const ADMIN_PORT = 4031;

const built = Object.fromEntries(OVERLAYS.map((o) => [o, kustomize(`overlays/${o}`)])) as Record<(typeof OVERLAYS)[number], JsonObject[]>;

function describeObject(o: JsonObject): string {
  return `${String(o['kind'])}/${String(get(o, 'metadata', 'name'))}`;
}

/** `user <name> ... ~pattern ...` lines of a Redis ACL file: each user's key patterns. */
function redisAclKeyPatterns(acl: string): Map<string, string[]> {
  const users = new Map<string, string[]>();
  for (const line of acl.split('\n').filter((l) => l.startsWith('user '))) {
    const [, name, ...rules] = line.split(' ');
    users.set(
      name!,
      rules.filter((r) => r.startsWith('~')).map((r) => r.slice(1)),
    );
  }
  return users;
}

describe('overlay local runs NATS and Redis with authentication on', () => {
  const objects = built.local;
  const args = (name: string) => asArray(get(findKind(objects, 'Deployment', name), 'spec', 'template', 'spec', 'containers', 0, 'args')).join(' ');

  it('gives nats-server the generated authorization and Redis the ACL file, both from Secrets', () => {
    expect(args('nats')).toMatch(/--config \/etc\/nats\/auth\/nats\.conf/);
    expect(args('redis')).toMatch(/--aclfile \/etc\/redis\/acl\/users\.acl/);
    const acl = get(findKind(objects, 'Secret', 'quietpay-redis-acl'), 'data', 'users.acl');
    expect(Buffer.from(String(acl), 'base64').toString('utf8')).toMatch(/^user default off$/m);
    const nats = get(findKind(objects, 'Secret', 'quietpay-nats-auth'), 'data', 'nats.conf');
    expect(Buffer.from(String(nats), 'base64').toString('utf8')).toMatch(/authorization/);
  });

  it('gives each service\u2019s Redis user only its own key patterns, never ~*', () => {
    const acl = Buffer.from(String(get(findKind(objects, 'Secret', 'quietpay-redis-acl'), 'data', 'users.acl')), 'base64').toString('utf8');
    const patterns = redisAclKeyPatterns(acl);
    for (const name of SERVICES) expect(patterns.get(name), name).toEqual([...(DEPLOYMENT_REDIS_KEYS[name] ?? [])]);
    expect([...patterns.values()].flat()).not.toContain('*');
  });
});

describe('k8s manifests against the Kubernetes API schemas', () => {
  it.each(manifestFiles().map((f) => relative(ROOT, f)))('%s validates', (file) => {
    const objects = readManifests(`${ROOT}/${file}`);
    expect(objects.length).toBeGreaterThan(0);
    expect(objects.flatMap((o) => k8sSchemaErrors(o).map((e) => `${describeObject(o)}: ${e}`))).toEqual([]);
  });

  it.each(OVERLAYS)('kubectl kustomize overlays/%s builds and validates', (overlay) => {
    const objects = built[overlay];
    expect(objects.length).toBeGreaterThan(30);
    expect(objects.flatMap((o) => k8sSchemaErrors(o).map((e) => `${describeObject(o)}: ${e}`))).toEqual([]);
  });

  it('rejects a wrong type, an unknown field and an unregistered kind (the validator can fail)', () => {
    const signer = findKind(built.local, 'Deployment', 'signer')!;
    const wrongType = structuredClone(signer);
    (wrongType['spec'] as JsonObject)['replicas'] = 'two';
    expect(k8sSchemaErrors(wrongType).join()).toMatch(/replicas/);

    const typo = structuredClone(signer);
    const container = get(typo, 'spec', 'template', 'spec', 'containers', 0) as JsonObject;
    container['readinesProbe'] = container['readinessProbe']!;
    delete container['readinessProbe'];
    expect(k8sSchemaErrors(typo).join()).toMatch(/readinesProbe: unknown field/);

    expect(k8sSchemaErrors({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'x' } }).join()).toMatch(/no schema/);
  });
});

describe.each(OVERLAYS)('overlay %s', (overlay) => {
  const objects = built[overlay];
  const deployment = (name: string) => findKind(objects, 'Deployment', name);
  const podSpec = (name: string) => get(deployment(name), 'spec', 'template', 'spec');
  const container = (name: string) => get(podSpec(name), 'containers', 0);

  it('has a Deployment for each of the eight services', () => {
    for (const name of SERVICES) expect(deployment(name), name).toBeDefined();
  });

  it.each(SERVICES)('%s: probes on its health port, resources, hardened security context', (name) => {
    const c = container(name);
    const port = HEALTH_PORT[name];
    const named = asArray(get(c, 'ports')).find((p) => get(p, 'name') === 'http');
    expect(get(named, 'containerPort')).toBe(port);
    const probePort = (probe: string) => {
      const p = get(c, probe, 'httpGet', 'port');
      return p === 'http' ? port : p;
    };
    expect(get(c, 'livenessProbe', 'httpGet', 'path')).toBe('/health/live');
    expect(get(c, 'readinessProbe', 'httpGet', 'path')).toBe('/health/ready');
    expect(probePort('livenessProbe')).toBe(port);
    expect(probePort('readinessProbe')).toBe(port);
    for (const kind of ['requests', 'limits']) {
      expect(get(c, 'resources', kind, 'cpu'), kind).toBeDefined();
      expect(get(c, 'resources', kind, 'memory'), kind).toBeDefined();
    }
    expect(get(podSpec(name), 'securityContext', 'runAsNonRoot')).toBe(true);
    expect(get(podSpec(name), 'securityContext', 'seccompProfile', 'type')).toBe('RuntimeDefault');
    expect(get(c, 'securityContext', 'readOnlyRootFilesystem')).toBe(true);
    expect(get(c, 'securityContext', 'allowPrivilegeEscalation')).toBe(false);
    expect(get(c, 'securityContext', 'capabilities', 'drop')).toEqual(['ALL']);
    expect(get(c, 'env')).toContainEqual({ name: 'SERVICE', value: name });
  });

  it('hardens every Deployment, the dependencies included', () => {
    const soft = objects
      .filter((o) => o['kind'] === 'Deployment')
      .filter((o) => {
        const spec = get(o, 'spec', 'template', 'spec');
        return asArray(get(spec, 'containers')).some(
          (c) =>
            get(c, 'securityContext', 'readOnlyRootFilesystem') !== true ||
            JSON.stringify(get(c, 'securityContext', 'capabilities', 'drop')) !== '["ALL"]' ||
            get(spec, 'securityContext', 'runAsNonRoot') !== true,
        );
      });
    expect(soft.map(describeObject)).toEqual([]);
  });

  it('mounts the facilitator key Secret in the signer only', () => {
    const mountsKey = (o: JsonObject) =>
      asArray(get(o, 'spec', 'template', 'spec', 'volumes')).some((v) => get(v, 'secret', 'secretName') === 'quietpay-facilitator-key');
    expect(objects.filter((o) => o['kind'] === 'Deployment' && mountsKey(o)).map(describeObject)).toEqual(['Deployment/signer']);
  });

  it('mounts the ledger authority key Secret in session-ledger only', () => {
    const mountsKey = (o: JsonObject) =>
      asArray(get(o, 'spec', 'template', 'spec', 'volumes')).some((v) => get(v, 'secret', 'secretName') === 'quietpay-ledger-authority-key');
    expect(objects.filter((o) => o['kind'] === 'Deployment' && mountsKey(o)).map(describeObject)).toEqual(['Deployment/session-ledger']);
  });

  it.each(SERVICES)('runs %s as its own NATS and Redis user, with only its own credentials Secret', (name) => {
    const env = asArray(get(container(name), 'env'));
    expect(env).toContainEqual({ name: 'NATS_USER', value: name });
    expect(env).toContainEqual({ name: 'REDIS_USERNAME', value: name });
    const secrets = asArray(get(podSpec(name), 'volumes'))
      .map((v) => get(v, 'secret', 'secretName'))
      .filter((n) => n !== undefined && n !== 'quietpay-facilitator-key' && n !== 'quietpay-ledger-authority-key' && n !== 'quietpay-gateway-admin');
    expect(secrets).toEqual([`quietpay-${name}-credentials`]);
  });

  it("serves the admin API on the gateway's admin port only, behind its own ClusterIP Service, keys from Secret quietpay-gateway-admin", () => {
    const env = Object.fromEntries(asArray(get(container('gateway'), 'env')).map((e) => [String(get(e, 'name')), get(e, 'value')]));
    expect(env).toMatchObject({
      ADMIN_PORT: '4031',
      ADMIN_KEYS_FILE: '/var/run/secrets/quietpay/admin/admin-keys',
      ADMIN_NATS_USER: 'admin',
      ADMIN_CONSOLE_DIR: '/app/libs/console/dist',
    });
    expect(asArray(get(container('gateway'), 'ports')).map((p) => [get(p, 'name'), get(p, 'containerPort')])).toEqual([
      ['http', 4021],
      ['admin', 4031],
    ]);
    const mountsAdmin = (o: JsonObject) =>
      asArray(get(o, 'spec', 'template', 'spec', 'volumes')).some((v) => get(v, 'secret', 'secretName') === 'quietpay-gateway-admin');
    expect(objects.filter((o) => o['kind'] === 'Deployment' && mountsAdmin(o)).map(describeObject)).toEqual(['Deployment/gateway']);
    // The public Service never carries the admin port; the admin one is ClusterIP.
    expect(asArray(get(findKind(objects, 'Service', 'gateway'), 'spec', 'ports')).map((p) => get(p, 'port'))).toEqual([4021]);
    const admin = findKind(objects, 'Service', 'gateway-admin');
    expect(get(admin, 'spec', 'type')).toBe('ClusterIP');
    expect(asArray(get(admin, 'spec', 'ports')).map((p) => [get(p, 'port'), get(p, 'targetPort')])).toEqual([[4031, 'admin']]);
    if (overlay === 'local') {
      const keys = Buffer.from(String(get(findKind(objects, 'Secret', 'quietpay-gateway-admin'), 'data', 'admin-keys')), 'base64').toString('utf8');
      // Digests only: the key itself stays with the operator (secrets/admin-key.ops).
      expect(keys.split('\n').filter((l) => l.trim() !== '' && !l.startsWith('#'))).toEqual([expect.stringMatching(/^ops sha256:[0-9a-f]{64}$/)]);
    }
  });

  it('scales the submitter on CPU, on settlement queue depth and on settlement lag', () => {
    const hpa = findKind(objects, 'HorizontalPodAutoscaler', 'submitter');
    const metrics = asArray(get(hpa, 'spec', 'metrics'));
    const external = (name: string) => metrics.find((m) => get(m, 'type') === 'External' && get(m, 'external', 'metric', 'name') === name);
    expect(metrics.some((m) => get(m, 'resource', 'name') === 'cpu')).toBe(true);
    expect(external('quietpay_settlement_queue_depth')).toBeDefined();
    // The lag is one figure for the whole deployment (the oldest pending charge), not per replica.
    expect(get(external('quietpay_settlement_oldest_pending_seconds'), 'external', 'target')).toEqual({ type: 'Value', value: '60' });
  });

  it('covers every service with a PodDisruptionBudget and every HPA target exists', () => {
    for (const name of SERVICES) expect(findKind(objects, 'PodDisruptionBudget', name), name).toBeDefined();
    for (const hpa of objects.filter((o) => o['kind'] === 'HorizontalPodAutoscaler')) {
      expect(deployment(String(get(hpa, 'spec', 'scaleTargetRef', 'name'))), describeObject(hpa)).toBeDefined();
    }
  });

  describe('network policies', () => {
    const policies = objects.filter((o) => o['kind'] === 'NetworkPolicy');
    const labelsOf = (name: string) => get(deployment(name), 'spec', 'template', 'metadata', 'labels');
    const selects = (policy: JsonObject, labels: Json | undefined) => {
      const wanted = get(policy, 'spec', 'podSelector', 'matchLabels');
      if (!isObject(wanted)) return true; // {} selects every pod
      return Object.entries(wanted).every(([k, v]) => get(labels, k) === v);
    };
    const ingressRules = (name: string) => policies.filter((p) => selects(p, labelsOf(name))).flatMap((p) => asArray(get(p, 'spec', 'ingress')));

    it('denies all ingress and egress by default', () => {
      expect(
        policies.some(
          (p) =>
            JSON.stringify(get(p, 'spec', 'podSelector')) === '{}' &&
            JSON.stringify(get(p, 'spec', 'policyTypes')) === '["Ingress","Egress"]' &&
            !get(p, 'spec', 'ingress') &&
            !get(p, 'spec', 'egress'),
        ),
      ).toBe(true);
    });

    it('opens only port-restricted ingress, and only the gateway API port beyond health ports', () => {
      for (const name of SERVICES) {
        const ports = ingressRules(name).flatMap((rule) => {
          const listed = asArray(get(rule, 'ports'));
          return listed.length === 0 ? ['any'] : listed.map((p) => get(p, 'port'));
        });
        const allowed = [HEALTH_PORT[name]];
        expect(
          ports.filter((p) => p === 'any'),
          name,
        ).toEqual([]);
        // A port another service uses is harmless (nothing listens on it in this pod). The admin
        // port is checked below: open only to labelled admin clients.
        const ownNonHealth = ports.filter((p) => p !== HEALTH_PORT[name] && p !== ADMIN_PORT && !Object.values(HEALTH_PORT).includes(p as number));
        expect(ownNonHealth, name).toEqual([]);
        expect(ports, name).toEqual(expect.arrayContaining(allowed));
      }
    });

    it('opens the gateway admin port only to pods labelled quietpay.io/admin-client=true', () => {
      const rules = policies
        .flatMap((p) => asArray(get(p, 'spec', 'ingress')))
        .filter((rule) => asArray(get(rule, 'ports')).some((p) => get(p, 'port') === ADMIN_PORT));
      expect(rules.length).toBeGreaterThan(0);
      for (const rule of rules) expect(asArray(get(rule, 'from'))).toEqual([{ podSelector: { matchLabels: { 'quietpay.io/admin-client': 'true' } } }]);
    });

    it('lets the gateway reach the metrics ports its ADMIN_METRICS_SOURCES name', () => {
      const egress = policies.filter((p) => selects(p, labelsOf('gateway'))).flatMap((p) => asArray(get(p, 'spec', 'egress')));
      const ports = egress.flatMap((rule) => asArray(get(rule, 'ports')).map((port) => get(port, 'port')));
      const value = String(
        asArray(get(container('gateway'), 'env'))
          .map((e) => (get(e, 'name') === 'ADMIN_METRICS_SOURCES' ? get(e, 'value') : undefined))
          .find((v) => v !== undefined),
      );
      const named = value.split(',').map((entry) => /^([a-z-]+)=http:\/\/([a-z-]+):(\d+)\/metrics$/.exec(entry));
      for (const m of named) {
        expect(m?.[1]).toBe(m?.[2]);
        expect(Number(m?.[3])).toBe(HEALTH_PORT[m?.[1] as (typeof SERVICES)[number]]);
        expect(ports).toContain(Number(m?.[3]));
      }
    });

    it('lets the signer reach NATS but not Redis nor the chain', () => {
      const egressTo = (name: string) =>
        policies
          .filter((p) => selects(p, labelsOf(name)))
          .flatMap((p) => asArray(get(p, 'spec', 'egress')))
          .flatMap((rule) => asArray(get(rule, 'ports')).map((port) => get(port, 'port')));
      expect(egressTo('signer')).toContain(4222);
      expect(egressTo('signer')).not.toContain(6379);
      expect(egressTo('signer')).not.toContain(443);
      expect(egressTo('signer')).not.toContain(8899);
      expect(egressTo('submitter')).toEqual(expect.arrayContaining([4222, 6379]));
      expect(findKind(objects, 'Service', 'signer')).toBeUndefined();
    });
  });
});
