import type { TrustedProxies } from '@quietpay/x402/server';
import type { Request } from 'express';
import { ANONYMOUS_CALLER, apiKeyIdOf } from '../http/api-key.guard';
import { requestClientIp } from './request-client-ip';

/**
 * Who a /verify or /settle call is counted against: its API key's id, or, on a facilitator open
 * without keys (localnet, GATEWAY_ALLOW_ANONYMOUS), its client IP, so one anonymous caller cannot
 * use up everyone's allowance.
 */
export interface PaymentCaller {
  readonly rateKey: string;
}

export function paymentCallerOf(request: Request, trusted: TrustedProxies): PaymentCaller {
  const id = apiKeyIdOf(request);
  return { rateKey: id === ANONYMOUS_CALLER ? `anon:${requestClientIp(request, trusted)}` : `key:${id}` };
}
