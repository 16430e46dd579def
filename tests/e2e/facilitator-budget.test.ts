import { createSession, keypairWallet, memorySessionStorage, QuietpaySdkError } from '@quietpay/sdk';
import { Keypair } from '@solana/web3.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SessionStack, startSessionStack } from '../support/session-stack';

// What strangers can make the facilitator spend: real processes, localnet, NATS and Redis.

// What one POST /sessions may cost the facilitator at most: the approve's fee plus, for a recipient
// without a token account, that account's rent (measured on localnet: issue 9).
const MAX_OPEN_COST_LAMPORTS = 2_444_040;
const SESSIONS_PER_IP = 3;

let stack: SessionStack;

const facilitatorLamports = () => stack.connection.getBalance(stack.wallets.facilitator.publicKey, 'confirmed');

/** One POST /sessions by the SDK for the agent, paying a fresh recipient: the HTTP status it met. */
async function openFor(recipient: string): Promise<number> {
  try {
    await createSession({
      wallet: keypairWallet(stack.wallets.agent),
      facilitatorUrl: stack.gatewayUrl,
      connection: stack.connection,
      cap: '1',
      expiresInSeconds: 3600,
      recipient,
      storage: memorySessionStorage(),
    });
    return 201;
  } catch (error) {
    if (error instanceof QuietpaySdkError && typeof error.context['status'] === 'number') return error.context['status'];
    throw error;
  }
}

describe('the facilitator budget against strangers', () => {
  beforeAll(async () => {
    stack = await startSessionStack({
      serviceEnvFor: (name) => (name === 'gateway' ? { RATE_LIMIT_SESSIONS_PER_IP: String(SESSIONS_PER_IP), RATE_LIMIT_SESSIONS_PER_USER: '100' } : undefined),
    });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it(`30 rapid POST /sessions from one IP: 429 after ${SESSIONS_PER_IP}, and the 429s cost the facilitator nothing`, async () => {
    const start = await facilitatorLamports();
    const statuses: number[] = [];
    const refusedCosts: number[] = [];
    for (let i = 0; i < 30; i += 1) {
      const before = await facilitatorLamports();
      const status = await openFor(Keypair.generate().publicKey.toBase58());
      statuses.push(status);
      if (status === 429) refusedCosts.push(before - (await facilitatorLamports()));
    }
    const spent = start - (await facilitatorLamports());

    expect(statuses.slice(0, SESSIONS_PER_IP), stack.output()).toEqual(Array.from({ length: SESSIONS_PER_IP }, () => 201));
    expect(statuses.slice(SESSIONS_PER_IP)).toEqual(Array.from({ length: 30 - SESSIONS_PER_IP }, () => 429));
    expect(refusedCosts.every((cost) => cost === 0)).toBe(true);
    expect(spent).toBeGreaterThan(0);
    expect(spent).toBeLessThanOrEqual(SESSIONS_PER_IP * MAX_OPEN_COST_LAMPORTS);
  });
});
