import type { Request } from 'express';
import type { GatewayConfig } from '../config.schema';

/**
 * The absolute base URL clients reach the gateway at: PUBLIC_URL when configured (what production
 * should do), else the request's own protocol and Host, which is right for direct local access.
 */
export function publicBaseUrl(config: GatewayConfig, req: Request): string {
  if (config.PUBLIC_URL !== undefined) return config.PUBLIC_URL.replace(/\/+$/, '');
  return `${req.protocol}://${req.get('host') ?? `127.0.0.1:${config.PORT}`}`;
}
