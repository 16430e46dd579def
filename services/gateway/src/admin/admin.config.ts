import { secretFile } from '@quietpay/platform';
import { z } from 'zod';
import type { ApiKeys } from '../http/api-keys';
import { AdminKeys } from './admin-keys';
import { metricsSourcesField } from './metrics/metrics-sources';

const emptyAsAbsent = (v: unknown) => (v === '' ? undefined : v);

/**
 * The admin API's variables, spread into the gateway's config schema. The API is off unless
 * ADMIN_KEYS_FILE is set; it listens on ADMIN_PORT, never on the public PORT, so a load balancer
 * that exposes the gateway does not expose it.
 */
export const adminConfigShape = {
  ADMIN_KEYS_FILE: z.preprocess(
    emptyAsAbsent,
    secretFile()
      .transform((secret, ctx) => {
        try {
          return AdminKeys.parse(secret.reveal().toString('utf8'));
        } catch (error) {
          ctx.addIssue({ code: 'custom', message: `${secret.sourcePath}: ${(error as Error).message}` });
          return z.NEVER;
        }
      })
      .optional(),
  ),
  ADMIN_PORT: z.coerce.number().int().min(0).max(65535).default(4031),
  ADMIN_HOST: z.string().min(1).default('0.0.0.0'),
  // Redis stream of the audit log (one entry per admin action), capped at about ADMIN_AUDIT_MAX_ENTRIES.
  ADMIN_AUDIT_KEY: z.string().min(1).default('quietpay:gateway:admin:audit'),
  ADMIN_AUDIT_MAX_ENTRIES: z.coerce.number().int().min(100).default(100_000),
  // The admin API's own NATS user (`admin`: the recipient registry's operator-only commands and
  // nothing else). Without it the recipient routes answer 409 not_configured.
  ADMIN_NATS_USER: z.preprocess(emptyAsAbsent, z.string().min(1).optional()),
  ADMIN_NATS_PASSWORD_FILE: z.preprocess(emptyAsAbsent, secretFile().optional()),
  // Where GET /admin/v1/balances reads the facilitator's balances (the stack sets it for every service).
  SOLANA_RPC_URL: z.preprocess(emptyAsAbsent, z.url({ protocol: /^https?$/ }).optional()),
  // Below this many lamports GET /admin/v1/balances flags lowBalance (the monitoring pack's alert uses the same figure).
  ADMIN_LOW_SOL_LAMPORTS: z.coerce.bigint().nonnegative().default(100_000_000n),
  // The other services' /metrics endpoints GET /admin/v1/metrics/summary scrapes (service=url,...);
  // without them the summary has only this gateway's own figures.
  ADMIN_METRICS_SOURCES: metricsSourcesField,
  ADMIN_METRICS_TIMEOUT_MS: z.coerce.number().int().positive().default(2_000),
};

interface AdminVariables {
  readonly ADMIN_KEYS_FILE?: AdminKeys | undefined;
  readonly ADMIN_NATS_USER?: string | undefined;
  readonly ADMIN_NATS_PASSWORD_FILE?: unknown;
  readonly ADMIN_PORT: number;
  readonly GATEWAY_API_KEYS: ApiKeys;
}

/** Refuses a config where a resource server's API key is also an admin key, or the admin port is the public one. */
export function checkAdminConfig(config: AdminVariables & { readonly PORT: number }, ctx: z.RefinementCtx): void {
  if ((config.ADMIN_NATS_USER === undefined) !== (config.ADMIN_NATS_PASSWORD_FILE === undefined)) {
    ctx.addIssue({ code: 'custom', path: ['ADMIN_NATS_USER'], message: 'ADMIN_NATS_USER and ADMIN_NATS_PASSWORD_FILE go together' });
  }
  const keys = config.ADMIN_KEYS_FILE;
  if (keys === undefined) return;
  const shared = keys.overlapping(config.GATEWAY_API_KEYS.keyDigests);
  if (shared.length > 0) {
    ctx.addIssue({
      code: 'custom',
      path: ['ADMIN_KEYS_FILE'],
      message: `admin key(s) ${shared.join(', ')} are also GATEWAY_API_KEYS: an admin key must be its own secret`,
    });
  }
  if (config.ADMIN_PORT !== 0 && config.ADMIN_PORT === config.PORT) {
    ctx.addIssue({ code: 'custom', path: ['ADMIN_PORT'], message: 'must differ from PORT: the admin API never shares the public port' });
  }
}
