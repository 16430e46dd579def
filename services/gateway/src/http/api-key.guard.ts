import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { SERVICE_CONFIG } from '@quietpay/platform';
import type { Request } from 'express';
import type { GatewayConfig } from '../config.schema';
import { ApiError } from './api-error';

/**
 * Requires `Authorization: Bearer <key>` on the resource-server routes when GATEWAY_API_KEYS is set.
 * Public discovery (/supported, /openapi.json, /health) and the user-facing session routes stay open.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(@Inject(SERVICE_CONFIG) private readonly config: GatewayConfig) {}

  canActivate(context: ExecutionContext): boolean {
    const keys = this.config.GATEWAY_API_KEYS;
    if (!keys.required) return true;
    const header = context.switchToHttp().getRequest<Request>().headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match?.[1]) throw new ApiError(401, 'unauthorized', 'missing Authorization: Bearer <api key>');
    if (!keys.accepts(match[1])) throw new ApiError(401, 'unauthorized', 'unknown api key');
    return true;
  }
}
