import { encodePaymentRequiredHeader, type PaymentRequired } from '@quietpay/x402';
import nacl from 'tweetnacl';
import { describe, expect, it } from 'vitest';
import { QuietpaySdkError } from '../errors/sdk.error';
import { FacilitatorClient } from '../facilitator/facilitator.client';
import { readPaymentRequired } from '../http/payment-required.parser';
import { memorySessionStorage } from '../storage/memory-session.storage';
import { encodeSessionKey, sessionHandle } from './session-handle';

const MINT = '7crFMbJN7hxVhUPNcRRxTGr9nD3TnvpZ8pNZepA19wuB';
const MERCHANT = '9Cir3JKBcQ1mzasrQNKWMiGVZvYu3dxvfkGeQ6mohWWi';
const NETWORK = 'solana:EtWTRABZaYq6iMfeYKouRu166VU2xqa1';
const key = nacl.sign.keyPair();
const stored = {
  sessionId: 'sess_1',
  facilitatorUrl: 'http://facilitator.test',
  sessionsEndpoint: 'http://facilitator.test/sessions',
  sessionSecretKey: encodeSessionKey(key.secretKey),
  sessionPublicKey: MERCHANT,
  user: MERCHANT,
  recipient: MERCHANT,
  asset: MINT,
  network: NETWORK,
  cap: '1000000',
  expirationUnix: 4_000_000_000,
};

const required = (error?: string): Response => {
  const body: PaymentRequired = {
    x402Version: 2,
    ...(error !== undefined ? { error } : {}),
    resource: { url: 'http://api.test/chat' },
    accepts: [{ scheme: 'session', network: NETWORK, asset: MINT, amount: '1000', payTo: MERCHANT, maxTimeoutSeconds: 60, extra: {} }],
  };
  return new Response('{}', { status: 402, headers: { 'PAYMENT-REQUIRED': encodePaymentRequiredHeader(body) } });
};

/** A resource server that asks for payment, then refuses the paid request with `reason`. */
function server(reason: string): { fetch: (input: string | URL | Request, init?: RequestInit) => Promise<Response>; sent: () => number } {
  let sent = 0;
  return {
    fetch: async (_input, init) => {
      sent += 1;
      return new Headers(init?.headers).has('PAYMENT-SIGNATURE') ? required(reason) : required();
    },
    sent: () => sent,
  };
}

const handleOver = (api: ReturnType<typeof server>) =>
  sessionHandle(stored, new FacilitatorClient('http://facilitator.test', api.fetch), memorySessionStorage(), api.fetch);

describe('a paid call refused with a reason that ends the session', () => {
  it.each(['facilitator_budget_exhausted', 'session_expired', 'session_closed', 'session_revoked', 'session_not_found'])(
    '%s: that 402 is returned, then every later call throws session_ended without a request',
    async (reason) => {
      const api = server(reason);
      const handle = handleOver(api);
      const refused = await handle.fetch('http://api.test/chat', { method: 'POST', body: '{}' });
      expect(readPaymentRequired(refused)?.error).toBe(reason);
      expect(api.sent()).toBe(2);
      const later = await handle.fetch('http://api.test/chat', { method: 'POST', body: '{}' }).catch((e: unknown) => e);
      expect(later).toBeInstanceOf(QuietpaySdkError);
      expect(later).toMatchObject({ code: 'session_ended', retryable: false, context: { sessionId: 'sess_1', reason } });
      expect(api.sent()).toBe(2);
    },
  );

  it.each(['cap_exceeded', 'session_suspended', 'amount_below_minimum'])('%s does not end the session: the next call is sent', async (reason) => {
    const api = server(reason);
    const handle = handleOver(api);
    await handle.fetch('http://api.test/chat');
    expect(readPaymentRequired(await handle.fetch('http://api.test/chat'))?.error).toBe(reason);
    expect(api.sent()).toBe(4);
  });
});
