import { PodMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PodMonitor';
import { PrometheusRule } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PrometheusRule';
import { ServiceMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { Namespace } from 'kubernetes-models/v1/Namespace';
import { Secret } from 'kubernetes-models/v1/Secret';
import { Service } from 'kubernetes-models/v1/Service';
import { isObject, type JsonObject } from './deploy-files';

// Validation against the Kubernetes OpenAPI schemas that kubernetes-models compiles into
// validators (offline, no API server). Those validators accept unknown fields, which is how a
// typo such as `readinesProbe` silently disables a probe, so the object is also walked through a
// proxy that records every field the validator looked at: a field it never read is not in the
// schema.

interface ModelClass {
  readonly apiVersion: string;
  readonly kind: string;
  readonly prototype: { validate(this: unknown): void };
}

// Every kind the manifests may use. A new kind must be added here, or the test fails on it.
const MODELS: readonly ModelClass[] = [
  Deployment,
  HorizontalPodAutoscaler,
  NetworkPolicy,
  PodDisruptionBudget,
  ConfigMap,
  Namespace,
  Secret,
  Service,
  // Prometheus Operator CRDs (k8s/monitoring), from the operator's own CRD schemas.
  ServiceMonitor,
  PodMonitor,
  PrometheusRule,
];

// Maps whose keys are data, not field names: the validator iterates them without naming keys.
const FREE_FORM = [/\/labels$/, /\/annotations$/, /\/matchLabels$/, /\/data$/, /\/stringData$/, /\/nodeSelector$/, /\/(limits|requests)$/];

function recordingProxy(value: unknown, path: string, read: Map<string, Set<string>>): unknown {
  if (Array.isArray(value)) return value.map((item, i) => recordingProxy(item, `${path}/${i}`, read));
  if (!isObject(value)) return value;
  const seen = new Set<string>();
  read.set(path, seen);
  const target: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) target[key] = recordingProxy(child, `${path}/${key}`, read);
  return new Proxy(target, {
    get(obj, key, receiver) {
      if (typeof key === 'string') seen.add(key);
      return Reflect.get(obj, key, receiver) as unknown;
    },
  });
}

function unknownFields(value: unknown, path: string, read: Map<string, Set<string>>): string[] {
  if (Array.isArray(value)) return value.flatMap((item, i) => unknownFields(item, `${path}/${i}`, read));
  if (!isObject(value) || FREE_FORM.some((re) => re.test(path))) return [];
  const seen = read.get(path) ?? new Set<string>();
  return Object.entries(value).flatMap(([key, child]) => (seen.has(key) ? unknownFields(child, `${path}/${key}`, read) : [`${path}/${key}: unknown field`]));
}

// kustomize writes long Secret values as base64 wrapped over lines; the API server's decoder
// skips the line breaks, the schema's "byte" format does not, so unwrap before validating.
function normalise(object: JsonObject): JsonObject {
  const data = object['data'];
  if (object['kind'] !== 'Secret' || !isObject(data)) return object;
  const unwrapped = Object.fromEntries(Object.entries(data).map(([key, value]) => [key, typeof value === 'string' ? value.replace(/[\r\n]/g, '') : value]));
  return { ...object, data: unwrapped };
}

/** Schema problems of one manifest object; empty when it is valid. */
export function k8sSchemaErrors(object: JsonObject): string[] {
  const model = MODELS.find((m) => m.apiVersion === object['apiVersion'] && m.kind === object['kind']);
  if (!model) return [`no schema registered for ${String(object['apiVersion'])} ${String(object['kind'])}`];
  const read = new Map<string, Set<string>>();
  try {
    model.prototype.validate.call(recordingProxy(normalise(object), '', read));
  } catch (error) {
    return [error instanceof Error ? error.message : String(error)];
  }
  return unknownFields(object, '', read);
}
