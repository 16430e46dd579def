#!/usr/bin/env node
// Writes k8s/monitoring/prometheus-rule.yaml (a Prometheus Operator PrometheusRule) from
// monitoring/prometheus/alerts.yml, the one source of the alert rules: compose's Prometheus loads
// the file itself, the operator needs it wrapped in a custom resource. tests/deploy/monitoring.test.ts
// fails when the two differ. Usage: npm run gen:monitoring
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, stringify } from 'yaml';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const rules = parse(readFileSync(join(root, 'monitoring/prometheus/alerts.yml'), 'utf8'));
const resource = {
  apiVersion: 'monitoring.coreos.com/v1',
  kind: 'PrometheusRule',
  metadata: { name: 'quietpay', labels: { 'app.kubernetes.io/part-of': 'quietpay' } },
  spec: { groups: rules.groups },
};
const header = '# Generated from monitoring/prometheus/alerts.yml by `npm run gen:monitoring`: edit that file, not this one.\n';
writeFileSync(join(root, 'k8s/monitoring/prometheus-rule.yaml'), header + stringify(resource, { lineWidth: 0 }));
