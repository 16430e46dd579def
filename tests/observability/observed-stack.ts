import { randomUUID } from 'node:crypto';
import type { NatsAccess } from '../support/nats-server.process';
import { serviceEnv, type StackService } from '../support/quietpay-stack';

// Public keys only (no chain is running): enough for every service's config to boot.
export const FACILITATOR = '9LmfGkt3fx7hGkcoe2Q9hvQ7vnBrDGgusBNbgSB1q7on';
export const MINT = '7crFMbJN7hxVhUPNcRRxTGr9nD3TnvpZ8pNZepA19wuB';
export const PAY_TO = 'GH7ome3EiwEr7tu9JuTh2dpYWBJK3z69Xm1ZE3MEE6JC';
// Nothing listens here: chain-facing services boot and report the RPC as down.
const NO_CHAIN = 'http://127.0.0.1:9';

/** The per-service variables beyond serviceEnv's, with key prefixes unique to this run. */
export function observedEnv(name: StackService, nats: NatsAccess, extra: Record<string, string> = {}, keypairPath = ''): Record<string, string> {
  const run = randomUUID().slice(0, 8);
  const own: Record<StackService, Record<string, string>> = {
    gateway: { FACILITATOR_PUBKEY: FACILITATOR, INCO_MINT: MINT, NATS_REQUEST_TIMEOUT_MS: '3000' },
    'session-ledger': {
      FACILITATOR_PUBKEY: FACILITATOR,
      INCO_MINT: MINT,
      SOLANA_RPC_URL: NO_CHAIN,
      SESSION_NETWORK: 'solana:localnet',
      LEDGER_KEY_PREFIX: `qp:obs:${run}:ledger`,
    },
    'tx-builder': { SOLANA_RPC_URL: NO_CHAIN, COVALIDATOR_URL: NO_CHAIN, INCO_MINT: MINT, FACILITATOR_PUBKEY: FACILITATOR },
    signer: { FACILITATOR_KEYPAIR_PATH: keypairPath, INCO_MINT: MINT },
    submitter: { SOLANA_RPC_URL: NO_CHAIN, SUBMITTER_KEY_PREFIX: `qp:obs:${run}:submitter`, BULLMQ_PREFIX: `qp:obs:${run}:{bull}` },
    'crank-keeper': { SOLANA_RPC_URL: NO_CHAIN, PAYMENTS_API_URL: NO_CHAIN, USDC_MINT: MINT },
    'chain-poller': { SOLANA_RPC_URL: NO_CHAIN, PAYMENTS_API_URL: NO_CHAIN, USDC_MINT: MINT },
    'decrypt-proxy': { COVALIDATOR_URL: NO_CHAIN, ATTESTATION_PUBLIC_KEY: FACILITATOR, DECRYPT_KEY_PREFIX: `qp:obs:${run}:decrypt` },
  };
  return serviceEnv(name, nats, { ...own[name], ...extra });
}

const requirements = {
  scheme: 'session',
  network: 'solana:localnet',
  asset: MINT,
  amount: '1000',
  payTo: PAY_TO,
  maxTimeoutSeconds: 60,
  extra: {},
};

/** A well-formed x402 v2 /verify body for a session the ledger does not know: it crosses to session-ledger. */
export function verifyBody(sessionId: string): object {
  const payload = { sessionId, amount: '1000', nonce: `nonce-${randomUUID()}`, resource: 'https://api.example/data', payTo: PAY_TO, sig: '5'.repeat(88) };
  return {
    x402Version: 2,
    paymentPayload: { x402Version: 2, resource: { url: 'https://api.example/data' }, accepted: requirements, payload },
    paymentRequirements: requirements,
  };
}
