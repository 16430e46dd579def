import { FacilitatorClient, type SessionKind } from '@quietpay/sdk';
import type { PaymentPayload } from '@quietpay/x402';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, type ServiceProcess } from '../support/service.process';
import { openSessionPayer, type SessionPayer, type SettleAnswer, settleOnce, settleUntilDecided } from '../support/session-payer';
import { type SessionStack, startSessionStack } from '../support/session-stack';

// The lost reserve reply (issue 16's crash windows): the ledger reserves a charge but its answer
// never reaches the gateway. Made exact with SIGSTOP: the gateway's reserve request waits in the
// paused ledger's socket until the gateway gives up on it (a short NATS timeout here) and answers;
// then the ledger resumes and reserves, replying to nobody. The client retries with the same
// header and must converge on that one charge: served once, paid once, no new nonce needed.

const PRICE = 10_000n;
let stack: SessionStack;
let payer: SessionPayer;
let admin: Redis;

beforeAll(async () => {
  stack = await startSessionStack({
    // The gateway gives up on a ledger request after 3 s (the stack's default is 30 s).
    serviceEnvFor: (name) => (name === 'gateway' ? { NATS_REQUEST_TIMEOUT_MS: '3000' } : undefined),
  });
  const kind: SessionKind = await new FacilitatorClient(stack.gatewayUrl).sessionKind();
  payer = await openSessionPayer(stack, kind, stack.wallets.agent, stack.wallets.merchant, PRICE);
  admin = new Redis('redis://127.0.0.1:6379');
}, 300_000);

afterAll(async () => {
  admin?.disconnect();
  await stack?.stop();
}, 60_000);

const settle = (paymentPayload: PaymentPayload): Promise<SettleAnswer> => settleOnce(stack.gatewayUrl, payer, paymentPayload);

/** The ledger's charges of the session (id and state), straight from Redis. */
async function charges(): Promise<{ chargeId: string; state: string }[]> {
  const keys = await admin.keys(`${stack.ledgerKeyPrefix}s:{${payer.sessionId}}:c:*`);
  return Promise.all(
    keys.map(async (key) => {
      const [chargeId, state] = await admin.hmget(key, 'chargeId', 'state');
      return { chargeId: chargeId ?? '', state: state ?? '' };
    }),
  );
}

function ledger(): ServiceProcess {
  const proc = stack.processes.find((p) => p.name === 'session-ledger' && p.pid !== undefined);
  if (!proc) throw new Error('no running session-ledger');
  return proc;
}

describe('a reserve whose reply is lost', () => {
  it('the reservation made without an answer is the one charge the same header settles later, once', async () => {
    const spentBefore = BigInt(((await (await fetch(`${stack.gatewayUrl}/sessions/${payer.sessionId}`)).json()) as { spent: string }).spent);
    const merchantBefore = await stack.balanceOf(stack.wallets.merchant);
    const payment = payer.payload();

    ledger().signal('SIGSTOP');
    let first: SettleAnswer;
    try {
      first = await settle(payment);
    } finally {
      ledger().signal('SIGCONT');
    }
    // Not a verdict: the charge may or may not be reserved.
    expect(first).toMatchObject({ success: false, errorReason: 'settlement_pending' });
    // The resumed ledger works off the request it held: reserved, its reply going nowhere.
    const reserved = await eventually(
      async () => {
        const all = await charges();
        return all.length === 1 && all[0]!.state === 'reserved' ? all[0]! : undefined;
      },
      'the held reserve to be applied',
      300,
      100,
    );

    // The client's retry: the same header.
    const retried = await settleUntilDecided(stack.gatewayUrl, payer, payment);
    expect(retried, JSON.stringify(retried)).toMatchObject({ success: true, extra: { settlementId: reserved.chargeId } });

    // One charge, settled; spent and the merchant's balance moved by one price; a third send of
    // the header is not served again.
    expect(await charges()).toEqual([{ chargeId: reserved.chargeId, state: 'settled' }]);
    const spentAfter = BigInt(((await (await fetch(`${stack.gatewayUrl}/sessions/${payer.sessionId}`)).json()) as { spent: string }).spent);
    expect(spentAfter - spentBefore).toBe(PRICE);
    expect((await stack.balanceOf(stack.wallets.merchant)) - merchantBefore).toBe(PRICE);
    expect(await settle(payment)).toMatchObject({ success: false, errorReason: 'nonce_replayed' });
    expect(await charges()).toHaveLength(1);
  }, 240_000);
});
