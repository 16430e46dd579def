import { createSession, FacilitatorClient, keypairWallet, memorySessionStorage, QuietpaySdkError } from '@quietpay/sdk';
import { Keypair } from '@solana/web3.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sample, scrape, type Scrape } from '../observability/prometheus-text';
import { eventually } from '../support/service.process';
import { openSessionPayer } from '../support/session-payer';
import { type SessionStack, startSessionStack } from '../support/session-stack';

// What strangers can make the facilitator spend: real processes, localnet, NATS and Redis.

// What one POST /sessions may cost the facilitator at most: the approve's fee plus, for a recipient
// without a token account, that account's rent (measured on localnet: issue 9).
const MAX_OPEN_COST_LAMPORTS = 2_444_040;
// The budget test opens one session before the rush, from the same IP.
const SESSIONS_PER_IP = 4;
const OPENS_BEFORE_THE_RUSH = 1;
// Enough for an open to the merchant (fees only) and one per-call settlement (~1.93M: two allowance
// rents + fee), not for two settlements.
const SESSION_LAMPORT_BUDGET = 3_000_000;
// What each charge holds against the budget while in flight (session-ledger's default).
const LAMPORTS_HELD_PER_CHARGE = 2_000_000;

let stack: SessionStack;

const facilitatorLamports = () => stack.connection.getBalance(stack.wallets.facilitator.publicKey, 'confirmed');

/** session-ledger's /metrics: where the facilitator's costs are counted. */
async function ledgerMetrics(): Promise<Scrape> {
  const ledger = stack.processes.find((p) => p.name === 'session-ledger')!;
  return scrape(await ledger.started());
}

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
      serviceEnvFor: (name): Readonly<Record<string, string>> | undefined => {
        if (name === 'gateway') return { RATE_LIMIT_SESSIONS_PER_IP: String(SESSIONS_PER_IP), RATE_LIMIT_SESSIONS_PER_USER: '100' };
        // The balance gauge polled every second, so the test reads it after a payment without waiting 30 s.
        if (name === 'session-ledger') return { SESSION_LAMPORT_BUDGET: String(SESSION_LAMPORT_BUDGET), FACILITATOR_BALANCE_POLL_SECONDS: '1' };
        return undefined;
      },
    });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('a session whose transactions cost the facilitator its lamport budget is refused further charges (typed reason, nothing moves)', async () => {
    const kind = await new FacilitatorClient(stack.gatewayUrl).sessionKind();
    const metricsBefore = await ledgerMetrics();
    const opened = await facilitatorLamports();
    const payer = await openSessionPayer(stack, kind, stack.wallets.agent, stack.wallets.merchant, 10_000n);
    let spent = opened - (await facilitatorLamports());
    const answers: { success: boolean; errorReason?: string; spentBefore: number }[] = [];
    for (let call = 0; call < 6 && !answers.some((a) => !a.success); call += 1) {
      const spentBefore = spent;
      const res = await fetch(`${stack.gatewayUrl}/settle`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ x402Version: 2, paymentPayload: payer.payload(), paymentRequirements: payer.requirements }),
      });
      expect(res.status).toBe(200);
      answers.push({ ...((await res.json()) as { success: boolean; errorReason?: string }), spentBefore });
      spent = opened - (await facilitatorLamports());
    }
    const refused = answers.at(-1)!;
    expect(
      answers.slice(0, -1).every((a) => a.success && a.spentBefore + LAMPORTS_HELD_PER_CHARGE <= SESSION_LAMPORT_BUDGET),
      stack.output(),
    ).toBe(true);
    expect(answers.length).toBeGreaterThan(1);
    expect(refused).toMatchObject({ success: false, errorReason: 'facilitator_budget_exhausted' });
    // Refused because one more settlement's estimated cost would pass the budget (in-flight
    // charges count), so the facilitator never spent more than the budget; the refusal cost nothing.
    expect(refused.spentBefore + LAMPORTS_HELD_PER_CHARGE).toBeGreaterThan(SESSION_LAMPORT_BUDGET);
    expect(spent).toBeLessThanOrEqual(SESSION_LAMPORT_BUDGET);
    expect(spent).toBe(refused.spentBefore);

    // The metrics say the same as the chain. Each transaction the facilitator paid for this session
    // is counted once, by purpose; the session's total is observed once it is closed; the SOL
    // gauge reads the facilitator's balance.
    await payer.close();
    const metrics = await ledgerMetrics();
    const moved = (name: string, labels: Record<string, string> = {}) => sample(metrics, name, labels) - sample(metricsBefore, name, labels);
    const perTransaction = 'quietpay_facilitator_lamports_per_transaction';
    expect(moved(`${perTransaction}_count`, { purpose: 'session_open' })).toBe(1);
    expect(moved(`${perTransaction}_count`, { purpose: 'settlement' })).toBe(answers.length - 1);
    expect(moved(`${perTransaction}_sum`, { purpose: 'session_open' }) + moved(`${perTransaction}_sum`, { purpose: 'settlement' })).toBe(spent);
    expect(moved('quietpay_facilitator_lamports_per_session_count')).toBe(1);
    expect(moved('quietpay_facilitator_lamports_per_session_sum')).toBe(spent);
    const balance = await facilitatorLamports();
    await eventually(
      async () => (Math.round(sample(await ledgerMetrics(), 'quietpay_facilitator_sol_balance') * 1e9) === balance ? true : undefined),
      'the SOL gauge to read the facilitator balance',
    );
  });

  it(`30 rapid POST /sessions from one IP: 429 once the IP's ${SESSIONS_PER_IP} opens are used, and the 429s cost the facilitator nothing`, async () => {
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

    const allowed = SESSIONS_PER_IP - OPENS_BEFORE_THE_RUSH;
    expect(statuses.slice(0, allowed), stack.output()).toEqual(Array.from({ length: allowed }, () => 201));
    expect(statuses.slice(allowed)).toEqual(Array.from({ length: 30 - allowed }, () => 429));
    expect(refusedCosts.every((cost) => cost === 0)).toBe(true);
    expect(spent).toBeGreaterThan(0);
    expect(spent).toBeLessThanOrEqual(allowed * MAX_OPEN_COST_LAMPORTS);
  });
});
