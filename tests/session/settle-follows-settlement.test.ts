import { createSession, type FetchLike, keypairWallet, memorySessionStorage, readPaymentReceipt, readPaymentRequired } from '@quietpay/sdk';
import { X402_V2_HEADERS } from '@quietpay/x402';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { receiptAt } from '../support/facilitator-http';
import { type ProxiedSubmitterStack, startProxiedSubmitterStack } from '../support/proxied-submitter-stack';
import type { RpcFaultProxy } from '../support/rpc-fault-proxy';
import { eventually } from '../support/service.process';
import { type SessionPayer, settleOnce } from '../support/session-payer';
import type { SessionStack } from '../support/session-stack';

// A per-call /settle follows its settlement, not the one submitter that took its hand-off. The
// submitter is killed while it holds the request (its transfer sent and landed, the confirmation
// held back by the RPC proxy) and restarted; the restarted one takes the stalled job over and
// settles it. The /settle still in flight must answer success then: it used to wait on the dead
// submitter's reply until its whole SETTLE_TIMEOUT_MS (90 s in this stack) and answer
// settlement_pending, so a client paid a full timeout plus a retry for a settlement long done.
//
// And the clients around it (issue 16, "answers that let clients converge"): with the submitter
// down, the session paywall (examples/paid-api on libs/server) keeps settling the same payment,
// then answers 402 settlement_pending with Retry-After; the SDK's session fetch re-sends the SAME
// PAYMENT-SIGNATURE after it, and once the submitter is back that one payment is served, once.

const PRICE = 10_000n;
let fixture: ProxiedSubmitterStack;
let stack: SessionStack;
let proxy: RpcFaultProxy;
let payer: SessionPayer;

const spent = (): Promise<bigint> => fixture.spent();

/** The one transfer the proxy saw, once it landed on chain. */
const landedTransfer = (): Promise<string> => fixture.landedTransfer();

beforeAll(async () => {
  fixture = await startProxiedSubmitterStack(
    {
      CONFIRM_POLL_MS: '100',
      // Stall detection in seconds, so the restarted worker takes the killed one's job over quickly.
      SETTLEMENT_JOB_LOCK_MS: '2000',
      SETTLEMENT_STALLED_INTERVAL_MS: '500',
      SOURCE_LOCK_TTL_MS: '2000',
    },
    PRICE,
  );
  ({ stack, proxy, payer } = fixture);
}, 300_000);

afterAll(async () => {
  await fixture?.stop();
}, 60_000);

describe('/settle follows its settlement', () => {
  it('a /settle whose submitter is killed mid-confirmation answers success once the restarted submitter settles it', async () => {
    proxy.reset();
    const before = await spent();
    const payment = payer.payload();
    const release = proxy.holdStatuses('submitter');
    const answer = settleOnce(stack.gatewayUrl, payer, payment);
    const signature = await landedTransfer();
    const restart = await stack.kill('submitter');
    release();
    await restart();

    const settled = await answer;
    expect(settled, JSON.stringify(settled)).toMatchObject({ success: true, transaction: signature });
    const settlementId = settled.extra?.settlementId ?? '';
    expect(await receiptAt(stack.gatewayUrl, settlementId)).toMatchObject({ state: 'settled', signature });
    expect(proxy.sent.map((s) => s.signature)).toEqual([signature]);
    expect((await spent()) - before).toBe(PRICE);
    // Served by that answer: the same header again is a replay.
    expect(await settleOnce(stack.gatewayUrl, payer, payment)).toMatchObject({ success: false, errorReason: 'nonce_replayed' });
  }, 240_000);
});

/** One request the SDK sent to the paid API, and what it got back. */
interface PaidRequest {
  readonly paymentSignature: string | null;
  readonly status: number;
  readonly error: string | undefined;
  readonly retryAfter: string | null;
}

describe('the paywall and the SDK converge on the same payment', () => {
  it('through a submitter outage: 402 settlement_pending with Retry-After, the same header re-sent, served once when the submitter is back', async () => {
    const { agent, merchant } = stack.wallets;
    const requests: PaidRequest[] = [];
    const recording: FetchLike = async (input, init) => {
      const res = await fetch(input, init);
      if (String(input).startsWith(stack.paidApiUrl)) {
        requests.push({
          paymentSignature: new Headers(init?.headers).get(X402_V2_HEADERS.paymentSignature),
          status: res.status,
          error: res.status === 402 ? readPaymentRequired(res)?.error : undefined,
          retryAfter: res.headers.get('retry-after'),
        });
      }
      return res;
    };
    const session = await createSession({
      wallet: keypairWallet(agent),
      facilitatorUrl: stack.gatewayUrl,
      connection: stack.connection,
      cap: '2',
      expiresInSeconds: 3600,
      recipient: merchant.publicKey.toBase58(),
      storage: memorySessionStorage(),
      fetch: recording,
    });
    const merchantBefore = await stack.balanceOf(merchant);

    const restart = await stack.kill('submitter');
    const call = session.fetch(`${stack.paidApiUrl}/api/chat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ message: 'outage' }),
    });
    // The paywall's own retries ran out (about 20 s of the same /settle): the SDK got the 402.
    await eventually(async () => (requests.some((r) => r.error === 'settlement_pending') ? true : undefined), 'a 402 settlement_pending', 600, 100);
    await restart();
    const res = await call;
    expect(res.status, JSON.stringify(requests)).toBe(200);

    const pending = requests.filter((r) => r.error === 'settlement_pending');
    expect(pending.length).toBeGreaterThan(0);
    expect(pending.every((r) => Number(r.retryAfter) >= 1)).toBe(true);
    // One payment: every paid request carried the same header (no new nonce was ever signed).
    const signatures = requests.filter((r) => r.paymentSignature !== null).map((r) => r.paymentSignature);
    expect(signatures.length).toBeGreaterThan(1);
    expect(new Set(signatures).size).toBe(1);
    // Served once, charged once: one settled charge of the price (0.5 token) and the merchant paid it.
    const receipt = readPaymentReceipt(res);
    const settlementId = (receipt?.extra as { settlementId?: string } | undefined)?.settlementId ?? '';
    expect(await receiptAt(stack.gatewayUrl, settlementId)).toMatchObject({ state: 'settled', amount: '500000' });
    expect((await session.getSession()).spent).toBe('500000');
    const merchantAfter = await eventually(async () => {
      const now = await stack.balanceOf(merchant);
      return now !== merchantBefore ? now : undefined;
    }, 'the merchant to be paid');
    expect(merchantAfter - merchantBefore).toBe(500_000n);
  }, 240_000);
});
