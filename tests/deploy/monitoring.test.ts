import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { metricsRegistry } from '@quietpay/platform';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { asArray, composeEnvironment, composeServices, findKind, get, isObject, kustomize, ROOT, SERVICES, type Json, type JsonObject } from './deploy-files';
import { k8sSchemaErrors } from './k8s-schema';

// The monitoring pack (monitoring/, k8s/monitoring): alert rules checked and unit-tested by
// promtool (Debian's `prometheus` package, installed by scripts/ensure-deploy-tools.sh), the
// dashboard's queries parsed by the same PromQL parser, and every metric they name either exported
// by libs/platform or documented in docs/operations.md as expected from a service.

const PROM = join(ROOT, 'monitoring', 'prometheus');
const RULES = join(PROM, 'alerts.yml');
const RULE_TESTS = join(PROM, 'alerts.test.yml');
const DASHBOARD = join(ROOT, 'monitoring', 'grafana', 'dashboards', 'quietpay-overview.json');
const tmp = mkdtempSync(join(tmpdir(), 'quietpay-monitoring-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function promtool(...args: string[]): string {
  try {
    return execFileSync('promtool', args, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(`promtool ${args.join(' ')} failed:\n${e.stdout ?? ''}${e.stderr ?? e.message}`);
  }
}

const readYaml = (path: string): Json => parse(readFileSync(path, 'utf8')) as Json;

interface AlertRule {
  alert: string;
  expr: string;
}
const rules = (): AlertRule[] =>
  asArray(get(readYaml(RULES), 'groups'))
    .flatMap((g) => asArray(get(g, 'rules')))
    .map((r) => ({ alert: String(get(r, 'alert')), expr: String(get(r, 'expr')) }));

/** Every PromQL expression of the dashboard, with Grafana's interval variables made concrete. */
function dashboardQueries(): { panel: string; expr: string }[] {
  const dashboard = JSON.parse(readFileSync(DASHBOARD, 'utf8')) as Json;
  return asArray(get(dashboard, 'panels')).flatMap((p) =>
    asArray(get(p, 'targets')).map((t) => ({ panel: String(get(p, 'title')), expr: String(get(t, 'expr')).replaceAll('$__rate_interval', '5m') })),
  );
}

/** Series names the process registry exports (a histogram as its _bucket, _sum and _count). */
function exportedSeries(): Set<string> {
  const out = new Set<string>();
  for (const metric of metricsRegistry.getMetricsAsArray()) {
    out.add(metric.name);
    if (String(metric.type) === 'histogram') for (const suffix of ['_bucket', '_sum', '_count']) out.add(metric.name + suffix);
  }
  return out;
}

describe('alert rules (monitoring/prometheus/alerts.yml)', () => {
  it('pass promtool check rules', () => {
    expect(promtool('check', 'rules', RULES)).toMatch(/SUCCESS: \d+ rules found/);
  });

  it('pass their promtool unit tests (alerts.test.yml)', () => {
    expect(promtool('test', 'rules', RULE_TESTS)).toMatch(/SUCCESS/);
  });

  it('fail their unit tests when a threshold changes (the tests can fail)', () => {
    const dir = mkdtempSync(join(tmp, 'mutated-'));
    writeFileSync(
      join(dir, 'alerts.yml'),
      readFileSync(RULES, 'utf8').replace(
        'quietpay_settlement_queue_depth{queue="settlement"}) > 500',
        'quietpay_settlement_queue_depth{queue="settlement"}) > 5000',
      ),
    );
    copyFileSync(RULE_TESTS, join(dir, 'alerts.test.yml'));
    expect(() => promtool('test', 'rules', join(dir, 'alerts.test.yml'))).toThrow(/QuietpaySettlementQueueBacklog/);
  });

  it('each have a unit test where they fire and one where they stay silent', () => {
    const cases = asArray(get(readYaml(RULE_TESTS), 'tests')).flatMap((t) => asArray(get(t, 'alert_rule_test')));
    const covered = (name: string, firing: boolean) => cases.some((c) => get(c, 'alertname') === name && asArray(get(c, 'exp_alerts')).length > 0 === firing);
    const names = rules().map((r) => r.alert);
    expect(names.length).toBeGreaterThanOrEqual(7);
    expect(
      names.filter((n) => !covered(n, true)),
      'no firing case',
    ).toEqual([]);
    expect(
      names.filter((n) => !covered(n, false)),
      'no silent case',
    ).toEqual([]);
  });

  it('cover what operators must be paged for', () => {
    const all = rules()
      .map((r) => r.expr)
      .join('\n');
    for (const metric of [
      'quietpay_poller_last_success_timestamp_seconds',
      'quietpay_crank_healthy',
      'quietpay_settlements_total',
      'quietpay_settlement_queue_depth',
      'quietpay_reconciler_oldest_open_reservation_age_seconds',
      'quietpay_settlement_oldest_pending_seconds',
      'quietpay_facilitator_sol_balance',
      'quietpay_http_requests_total',
    ]) {
      expect(all, metric).toContain(metric);
    }
  });
});

describe('dashboard (monitoring/grafana/dashboards/quietpay-overview.json)', () => {
  it('has every query parsed by PromQL, on the datasource variable', () => {
    const queries = dashboardQueries();
    expect(queries.length).toBeGreaterThanOrEqual(10);
    // promtool parses recording rules' expressions: the dashboard's queries go through the same parser.
    const file = join(tmp, 'dashboard-queries.yml');
    const group = { name: 'dashboard', rules: queries.map((q, i) => ({ record: `dashboard:query_${i}`, expr: q.expr })) };
    writeFileSync(file, JSON.stringify({ groups: [group] }));
    expect(promtool('check', 'rules', file)).toMatch(new RegExp(`SUCCESS: ${queries.length} rules found`));

    const dashboard = JSON.parse(readFileSync(DASHBOARD, 'utf8')) as Json;
    const panels = asArray(get(dashboard, 'panels')).filter((p) => get(p, 'type') !== 'row');
    expect(panels.filter((p) => get(p, 'datasource', 'uid') !== '${datasource}').map((p) => get(p, 'title'))).toEqual([]);
  });

  it('rejects a query that does not parse (the check can fail)', () => {
    const file = join(tmp, 'broken-query.yml');
    writeFileSync(file, JSON.stringify({ groups: [{ name: 'g', rules: [{ record: 'r', expr: 'sum(rate(quietpay_http_requests_total[5m])' }] }] }));
    expect(() => promtool('check', 'rules', file)).toThrow();
  });

  it('and the alert rules name only metrics that are exported, or documented as expected from a service', () => {
    const exported = exportedSeries();
    const operations = readFileSync(join(ROOT, 'docs', 'operations.md'), 'utf8');
    const named = new Set([...dashboardQueries().map((q) => q.expr), ...rules().map((r) => r.expr)].flatMap((e) => e.match(/quietpay_[a-z0-9_]+/g) ?? []));
    const unknown = [...named].filter((name) => !exported.has(name) && !operations.includes(name.replace(/_(bucket|sum|count)$/, '')));
    expect(unknown).toEqual([]);
    // The exported set is real: the poller gauge is in it, a made-up name is not.
    expect(exported.has('quietpay_poller_lag_slots')).toBe(true);
    expect(exported.has('quietpay_made_up_total')).toBe(false);
  });
});

describe('compose scrape config (monitoring/prometheus/prometheus.yml)', () => {
  const config = readYaml(join(PROM, 'prometheus.yml'));

  it('passes promtool check config (its rule files included)', () => {
    expect(promtool('check', 'config', join(PROM, 'prometheus.yml'))).toMatch(/SUCCESS/);
  });

  it('scrapes each service on the port docker-compose gives it, as job <service>', () => {
    const services = composeServices(join(tmp));
    const targets = Object.fromEntries(
      asArray(get(config, 'scrape_configs')).map((job) => [String(get(job, 'job_name')), asArray(get(job, 'static_configs', 0, 'targets')).map(String)]),
    );
    for (const name of SERVICES) {
      const env = composeEnvironment(services, name);
      expect(targets[name], name).toEqual([`${name}:${env[name === 'gateway' ? 'PORT' : 'HTTP_PORT']}`]);
    }
    const mounts = asArray(get(services['prometheus'], 'volumes')).map((v) => (isObject(v) ? `${String(v['source'])}:${String(v['target'])}` : String(v)));
    expect(mounts.some((m) => m.startsWith(`${PROM}:/etc/prometheus`))).toBe(true);
  });
});

describe('k8s/monitoring (Prometheus Operator)', () => {
  const objects = kustomize('monitoring');
  const local = kustomize('overlays/local');
  const describeObject = (o: JsonObject) => `${String(o['kind'])}/${String(get(o, 'metadata', 'name'))}`;

  it('builds and validates against the operator CRD schemas', () => {
    expect(objects.map(describeObject).sort()).toEqual(['PodMonitor/quietpay-signer', 'PrometheusRule/quietpay', 'ServiceMonitor/quietpay']);
    expect(objects.flatMap((o) => k8sSchemaErrors(o).map((e) => `${describeObject(o)}: ${e}`))).toEqual([]);
    const typo = structuredClone(findKind(objects, 'ServiceMonitor', 'quietpay')!);
    (get(typo, 'spec', 'endpoints', 0) as JsonObject)['intervall'] = '15s';
    expect(k8sSchemaErrors(typo).join()).toMatch(/intervall: unknown field/);
  });

  it('carries exactly the rules of monitoring/prometheus/alerts.yml (npm run gen:monitoring)', () => {
    expect(get(findKind(objects, 'PrometheusRule', 'quietpay'), 'spec', 'groups')).toEqual(get(readYaml(RULES), 'groups'));
  });

  it('scrapes every service on its http port, with the service name as job', () => {
    const matches = (selector: Json | undefined, labels: Json | undefined) =>
      isObject(selector) && Object.entries(selector).every(([k, v]) => get(labels, k) === v);
    const monitors = objects.filter((o) => o['kind'] === 'ServiceMonitor' || o['kind'] === 'PodMonitor');
    for (const name of SERVICES) {
      const service = findKind(local, 'Service', name);
      const pod = get(findKind(local, 'Deployment', name), 'spec', 'template');
      const scraped = monitors.filter((m) => {
        const selector = get(m, 'spec', 'selector', 'matchLabels');
        if (m['kind'] === 'ServiceMonitor') {
          return (
            service !== undefined &&
            matches(selector, get(service, 'metadata', 'labels')) &&
            asArray(get(service, 'spec', 'ports')).some((p) => get(p, 'name') === 'http')
          );
        }
        return matches(selector, get(pod, 'metadata', 'labels')) && asArray(get(pod, 'spec', 'containers', 0, 'ports')).some((p) => get(p, 'name') === 'http');
      });
      expect(scraped.map(describeObject), name).toHaveLength(1);
      const jobLabel = String(get(scraped[0], 'spec', 'jobLabel'));
      const labels = scraped[0]!['kind'] === 'ServiceMonitor' ? get(service, 'metadata', 'labels') : get(pod, 'metadata', 'labels');
      expect(get(labels, jobLabel), name).toBe(name);
    }
  });
});
