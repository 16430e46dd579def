import { randomBytes } from 'node:crypto';
import bs58 from 'bs58';
import type { PaymentRequirements, ReserveChargeRequest } from '@quietpay/contracts';
import { QuietpayError } from '@quietpay/platform';
import { signSessionPayment, type SessionPaymentFields } from '@quietpay/x402';
import type { SeededSession } from './ledger-session.seed';
import type { NatsServerProcess } from './nats-server.process';
import { serviceEnv } from './quietpay-stack';

/**
 * A session-ledger started alone on a test NATS, with sessions seeded straight into its Redis
 * (ledger-session.seed.ts): the chain facts it is told and the sessions it is given must agree,
 * so they are defined here once for every such test.
 */
export const STANDALONE_LEDGER = {
  network: 'solana:localnet',
  mint: '7crFMbJN7hxVhUPNcRRxTGr9nD3TnvpZ8pNZepA19wuB',
  facilitator: '5sjEbPiqgZrYwR31ahR6Uk9wf5awoX61YGg7jExQSwaj',
  merchant: '9Cir3JKBcQ1mzasrQNKWMiGVZvYu3dxvfkGeQ6mohWWi',
  resource: 'https://api.example/weather',
} as const;

/** The ledger's environment for keys under `prefix`; `extra` adds or overrides (instance id, Redis URL, preload). */
export function standaloneLedgerEnv(nats: NatsServerProcess, prefix: string, extra: Record<string, string> = {}): Record<string, string> {
  return serviceEnv('session-ledger', nats, {
    FACILITATOR_PUBKEY: STANDALONE_LEDGER.facilitator,
    INCO_MINT: STANDALONE_LEDGER.mint,
    SOLANA_RPC_URL: 'http://127.0.0.1:8899',
    SESSION_NETWORK: STANDALONE_LEDGER.network,
    LEDGER_KEY_PREFIX: prefix,
    ...extra,
  });
}

/** The merchant's session requirements for one call at `price` base units. */
export function standaloneRequirements(price: string): PaymentRequirements {
  return {
    scheme: 'session',
    network: STANDALONE_LEDGER.network,
    asset: STANDALONE_LEDGER.mint,
    amount: price,
    payTo: STANDALONE_LEDGER.merchant,
    maxTimeoutSeconds: 60,
    extra: {},
  };
}

/** A reserve request for one call at `price` with a fresh nonce, signed by `signer` (the session's key by default). */
export function signedCharge(s: SeededSession, price: string, overrides: Partial<SessionPaymentFields> = {}, signer = s.key): ReserveChargeRequest {
  const { resource, merchant } = STANDALONE_LEDGER;
  const fields: SessionPaymentFields = { sessionId: s.sessionId, amount: price, nonce: bs58.encode(randomBytes(16)), resource, payTo: merchant, ...overrides };
  return {
    payload: signSessionPayment(fields, signer.secretKey),
    requirements: standaloneRequirements(price),
    idempotencyKey: `${s.sessionId}:${fields.nonce}`,
    resource,
  };
}

/** 'ok' when the request succeeds, else the typed error's code (anything else is rethrown). */
export async function errorCodeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'ok';
  } catch (error) {
    if (error instanceof QuietpayError) return error.code;
    throw error;
  }
}
