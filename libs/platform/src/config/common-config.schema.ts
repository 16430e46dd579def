import { hostname } from 'node:os';
import { z } from 'zod';
import { DEFAULT_STREAM_LIMITS } from '../bus/stream-limits';
import { Secret } from './secret';
import { secretFile } from './secret-file.schema';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const port = (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback);

const urlWith = (protocols: readonly string[]) => z.url({ protocol: new RegExp(`^(${protocols.join('|')})$`), error: `must be a ${protocols.join('/')} URL` });

export interface CommonConfigDefaults {
  /** The service's name; SERVICE must equal it when set (catches a mis-wired deployment). */
  readonly name: string;
  /** Default HTTP port for health/metrics, distinct per service so they can share a host. */
  readonly httpPort: number;
}

/**
 * The variables every service reads. Extend it with `.extend({...})` for per-service ones.
 *
 * @example
 * export const configSchema = commonConfigSchema({ name: 'tx-builder', httpPort: 4033 });
 */
export function commonConfigSchema(defaults: CommonConfigDefaults) {
  return z.object({
    SERVICE: z.literal(defaults.name, { error: `must be "${defaults.name}"` }).default(defaults.name),
    INSTANCE_ID: z.string().min(1).default(`${hostname()}-${process.pid}`),
    NATS_URL: urlWith(['nats', 'tls', 'ws', 'wss']).default('nats://127.0.0.1:4222'),
    // The service's own NATS user and a file with its password (bus-roles.ts decides what that
    // user may publish and subscribe). Both or neither: checked when the service connects.
    NATS_USER: z.string().min(1).optional(),
    NATS_PASSWORD_FILE: secretFile().optional(),
    REDIS_URL: urlWith(['redis', 'rediss']).default('redis://127.0.0.1:6379'),
    // A Redis Cluster instead: `host:port,host:port` of some of its nodes (the client learns the
    // rest). REDIS_URL then only says whether to use TLS (rediss:).
    REDIS_CLUSTER_NODES: z
      .string()
      .regex(/^\s*[^,:\s]+:\d{1,5}\s*(,\s*[^,:\s]+:\d{1,5}\s*)*$/, { error: 'must be host:port[,host:port...]' })
      .optional(),
    // The service's Redis ACL user and a file with its password; never in REDIS_URL.
    REDIS_USERNAME: z.string().min(1).optional(),
    REDIS_PASSWORD_FILE: secretFile().optional(),
    LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
    HTTP_PORT: port(defaults.httpPort),
    OTEL_EXPORTER_OTLP_ENDPOINT: urlWith(['http', 'https']).optional(),
    NATS_REQUEST_TIMEOUT_MS: z.coerce.number().int().positive().default(5000),
    SHUTDOWN_GRACE_MS: z.coerce.number().int().positive().default(10_000),
    // How long an idle keep-alive HTTP connection stays open (Node's default is 5 s). Clients reuse
    // a connection until just before the server's announced timeout; under CPU starvation their
    // timer fires late and they send on a socket the server is closing (ECONNRESET on a POST, which
    // is not retried). Longer than a load balancer's idle timeout (60 s on most) for the same reason.
    HTTP_KEEP_ALIVE_TIMEOUT_MS: z.coerce.number().int().min(1000).max(600_000).default(65_000),
    // Retention of every JetStream stream (events carry ids, amounts, signatures): the oldest
    // messages go past any limit. Give every service the same values: they share the streams.
    JETSTREAM_MAX_AGE_SECONDS: z.coerce.number().int().positive().default(DEFAULT_STREAM_LIMITS.maxAgeSeconds),
    JETSTREAM_MAX_BYTES: z.coerce.number().int().positive().default(DEFAULT_STREAM_LIMITS.maxBytes),
    JETSTREAM_MAX_MSGS: z.coerce.number().int().positive().default(DEFAULT_STREAM_LIMITS.maxMessages),
  });
}

/** What the platform needs from any service config. */
export interface CommonConfig {
  readonly SERVICE: string;
  readonly INSTANCE_ID: string;
  readonly NATS_URL: string;
  readonly NATS_USER?: string | undefined;
  readonly NATS_PASSWORD_FILE?: Secret | undefined;
  readonly REDIS_URL: string;
  readonly REDIS_CLUSTER_NODES?: string | undefined;
  readonly REDIS_USERNAME?: string | undefined;
  readonly REDIS_PASSWORD_FILE?: Secret | undefined;
  readonly LOG_LEVEL: (typeof LOG_LEVELS)[number];
  readonly HTTP_PORT: number;
  readonly OTEL_EXPORTER_OTLP_ENDPOINT?: string | undefined;
  readonly NATS_REQUEST_TIMEOUT_MS: number;
  readonly SHUTDOWN_GRACE_MS: number;
  readonly HTTP_KEEP_ALIVE_TIMEOUT_MS: number;
  readonly JETSTREAM_MAX_AGE_SECONDS: number;
  readonly JETSTREAM_MAX_BYTES: number;
  readonly JETSTREAM_MAX_MSGS: number;
}
