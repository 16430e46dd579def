import { FacilitatorClient, type SessionKind } from '@quietpay/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { receiptAt } from '../support/facilitator-http';
import { type RpcFaultProxy, startRpcFaultProxy } from '../support/rpc-fault-proxy';
import { eventually } from '../support/service.process';
import { openSessionPayer, type SessionPayer, settleOnce } from '../support/session-payer';
import { type SessionStack, startSessionStack } from '../support/session-stack';

// A per-call /settle follows its settlement, not the one submitter that took its hand-off. The
// submitter is killed while it holds the request (its transfer sent and landed, the confirmation
// held back by the RPC proxy) and restarted; the restarted one takes the stalled job over and
// settles it. The /settle still in flight must answer success then: it used to wait on the dead
// submitter's reply until its whole SETTLE_TIMEOUT_MS (90 s in this stack) and answer
// settlement_pending, so a client paid a full timeout plus a retry for a settlement long done.

const PRICE = 10_000n;
let stack: SessionStack;
let proxy: RpcFaultProxy;
let payer: SessionPayer;

async function spent(): Promise<bigint> {
  const res = await fetch(`${stack.gatewayUrl}/sessions/${payer.sessionId}`);
  return BigInt(((await res.json()) as { spent: string }).spent);
}

/** The one transfer the proxy saw, once it landed on chain. */
async function landedTransfer(): Promise<string> {
  return eventually(
    async () => {
      const first = proxy.sent[0];
      if (first === undefined) return undefined;
      const { value } = await stack.connection.getSignatureStatuses([first.signature], { searchTransactionHistory: true });
      const status = value[0]?.confirmationStatus;
      return status === 'confirmed' || status === 'finalized' ? first.signature : undefined;
    },
    'the transfer to land',
    600,
    100,
  );
}

beforeAll(async () => {
  proxy = await startRpcFaultProxy();
  stack = await startSessionStack({
    serviceEnvFor: (name, chain): Record<string, string> | undefined => {
      proxy.setUpstream(chain.rpc);
      if (name !== 'submitter') return undefined;
      return {
        SOLANA_RPC_URL: proxy.urlFor(name),
        CONFIRM_POLL_MS: '100',
        // Stall detection in seconds, so the restarted worker takes the killed one's job over quickly.
        SETTLEMENT_JOB_LOCK_MS: '2000',
        SETTLEMENT_STALLED_INTERVAL_MS: '500',
        SOURCE_LOCK_TTL_MS: '2000',
      };
    },
  });
  const kind: SessionKind = await new FacilitatorClient(stack.gatewayUrl).sessionKind();
  payer = await openSessionPayer(stack, kind, stack.wallets.agent, stack.wallets.merchant, PRICE);
}, 300_000);

afterAll(async () => {
  await stack?.stop();
  await proxy?.close();
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
