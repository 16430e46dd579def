import {
  createSession,
  keypairWallet,
  memorySessionStorage,
  QuietpaySdkError,
  readPaymentReceipt,
  readPaymentRequired,
  type SessionHandle,
  wrapFetch,
} from '@quietpay/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SessionStack, startSessionStack } from '../support/session-stack';

// What the example paid API (libs/server's session paywall) answers a session whose facilitator
// lamport budget is spent, and what the SDK makes of it: real processes, localnet, NATS and Redis.
// The soak saw such a session's callers get 503 facilitator_unavailable: they kept calling, the
// ledger's per-session rate limit answered the gateway's /verify with 429, and the paywall read
// that as an outage.

// Enough for the open (fees only) and one per-call settlement (~1.93M lamports), not two
// (tests/e2e/facilitator-budget.test.ts measures the same).
const SESSION_LAMPORT_BUDGET = 3_000_000;
// Small, so a client that calls on after the refusal meets the limit within a few calls.
const PAYMENTS_PER_SESSION = 5;

let stack: SessionStack;

const chat = (handle: SessionHandle): Promise<Response> =>
  handle.fetch(`${stack.paidApiUrl}/api/chat`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ message: 'hi' }) });

describe('a session whose facilitator lamport budget is spent, at the paywall', () => {
  beforeAll(async () => {
    stack = await startSessionStack({
      serviceEnvFor: (name): Readonly<Record<string, string>> | undefined =>
        name === 'session-ledger'
          ? { SESSION_LAMPORT_BUDGET: String(SESSION_LAMPORT_BUDGET), RATE_LIMIT_PAYMENTS_PER_SESSION: String(PAYMENTS_PER_SESSION) }
          : undefined,
    });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('402 facilitator_budget_exhausted (nothing charged), then the SDK throws session_ended; calling on anyway meets 429 rate_limited, never 503', async () => {
    const storage = memorySessionStorage();
    const handle = await createSession({
      wallet: keypairWallet(stack.wallets.agent),
      facilitatorUrl: stack.gatewayUrl,
      connection: stack.connection,
      cap: '1',
      expiresInSeconds: 3600,
      recipient: stack.wallets.merchant.publicKey.toBase58(),
      storage,
    });
    const served = await chat(handle);
    expect(served.status, stack.output()).toBe(200);
    await served.body?.cancel();
    const spent = (await handle.getSession()).spent;

    const refused = await chat(handle);
    expect(refused.status).toBe(402);
    expect(readPaymentRequired(refused)?.error).toBe('facilitator_budget_exhausted');
    expect(readPaymentReceipt(refused)?.success ?? false).toBe(false);
    const ended = await chat(handle).catch((e: unknown) => e);
    expect(ended).toBeInstanceOf(QuietpaySdkError);
    expect(ended).toMatchObject({ code: 'session_ended', retryable: false, context: { sessionId: handle.sessionId, reason: 'facilitator_budget_exhausted' } });

    // A client that calls on regardless (a fresh handle over the stored key each time, as after a
    // reload) is refused the same way until the session's rate limit, then told to back off.
    const answers: { status: number; error: string | undefined; retryAfter: string | null }[] = [];
    for (let i = 0; i < PAYMENTS_PER_SESSION + 2 && answers.at(-1)?.status !== 429; i += 1) {
      const res = await chat(await wrapFetch(handle.sessionId, stack.gatewayUrl, { storage }));
      const error = res.status === 402 ? readPaymentRequired(res)?.error : ((await res.json()) as { error?: string }).error;
      answers.push({ status: res.status, error, retryAfter: res.headers.get('retry-after') });
    }
    expect(
      answers.slice(0, -1).every((a) => a.status === 402 && a.error === 'facilitator_budget_exhausted'),
      JSON.stringify(answers),
    ).toBe(true);
    expect(answers.at(-1)).toMatchObject({ status: 429, error: 'rate_limited', retryAfter: expect.stringMatching(/^[1-9]\d*$/) });
    // Every refusal cost the payer nothing.
    expect((await handle.getSession()).spent).toBe(spent);
  });
});
