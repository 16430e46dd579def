import { clientIp, type TrustedProxies } from '@quietpay/x402/server';
import type { Request } from 'express';

/** The client address of a request, believing X-Forwarded-For only as far as GATEWAY_TRUSTED_PROXIES vouch. */
export function requestClientIp(request: Request, trusted: TrustedProxies): string {
  return clientIp(request.socket.remoteAddress, request.headers['x-forwarded-for'], trusted);
}
