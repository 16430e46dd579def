import { commonConfigSchema } from '@quietpay/platform';
import { z } from 'zod';

// The gateway is the public HTTP API, so its one HTTP server listens on PORT and also serves
// the health and metrics routes (HTTP_PORT is therefore derived from PORT, not read).
export const configSchema = commonConfigSchema({ name: 'gateway', httpPort: 4021 })
  .omit({ HTTP_PORT: true })
  .extend({
    PORT: z.coerce.number().int().min(0).max(65535).default(4021),
    HEALTH_PROBE_TIMEOUT_MS: z.coerce.number().int().positive().default(1000),
  })
  .transform((config) => ({ ...config, HTTP_PORT: config.PORT }));

export type GatewayConfig = z.output<typeof configSchema>;
