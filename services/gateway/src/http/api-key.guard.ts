import { CanActivate, ExecutionContext, Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { LOGGER, SERVICE_CONFIG } from '@quietpay/platform';
import type { Request } from 'express';
import type { Logger } from 'pino';
import { type FacilitatorAccess, facilitatorAccessOf } from '../access/facilitator-access.config';
import type { GatewayConfig } from '../config.schema';
import { ApiError } from './api-error';

/** The caller's key id once the guard let it through; `anonymous` on an open facilitator. */
export const ANONYMOUS_CALLER = 'anonymous';
const CALLER = Symbol('quietpay.apiKeyId');

/** The API key id ApiKeyGuard resolved for this request. */
export function apiKeyIdOf(request: Request): string {
  return (request as unknown as Record<symbol, string | undefined>)[CALLER] ?? ANONYMOUS_CALLER;
}

/**
 * Requires `Authorization: Bearer <key>` on the resource-server routes (/verify, /settle): always
 * when GATEWAY_API_KEYS is set, and outside localnet even when it is not (then nothing gets in)
 * unless GATEWAY_ALLOW_ANONYMOUS=true. Public discovery (/supported, /openapi.json, /health) and
 * the user-facing session routes stay open.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate, OnModuleInit {
  private readonly access: FacilitatorAccess;

  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: GatewayConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.access = facilitatorAccessOf(config);
  }

  onModuleInit(): void {
    const profile = this.config.QUIETPAY_PROFILE;
    if (this.access.mode === 'closed') {
      this.logger.warn({ profile }, `GATEWAY_API_KEYS is unset on profile ${profile}: /verify and /settle refuse every call (401)`);
    } else if (this.access.mode === 'open' && this.access.why === 'opt-out') {
      this.logger.warn({ profile }, 'GATEWAY_ALLOW_ANONYMOUS=true: /verify and /settle accept calls without an API key');
    }
  }

  canActivate(context: ExecutionContext): boolean {
    if (this.access.mode === 'open') return true;
    const request = context.switchToHttp().getRequest<Request>();
    const match = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '');
    if (!match?.[1]) throw new ApiError('unauthorized', 'missing Authorization: Bearer <api key>');
    const id = this.config.GATEWAY_API_KEYS.identify(match[1]);
    if (id === undefined) throw new ApiError('unauthorized', 'unknown api key');
    (request as unknown as Record<symbol, string>)[CALLER] = id;
    return true;
  }
}
