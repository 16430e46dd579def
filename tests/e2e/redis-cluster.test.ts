import { FacilitatorClient, type SessionKind } from '@quietpay/sdk';
import type { PaymentPayload, PaymentRequirements } from '@quietpay/x402';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RedisClusterProcess, startRedisCluster } from '../support/redis-cluster.process';
import { eventually } from '../support/service.process';
import { openSessionPayer, type SessionPayer } from '../support/session-payer';
import { type SessionStack, startSessionStack } from '../support/session-stack';

// The whole stack on a real Redis Cluster (3 masters, REDIS_CLUSTER_NODES): every script's keys
// must be declared and share a slot, or the cluster refuses it (CROSSSLOT). Calls are paid end to
// end per call, then, after the gateway and submitter restart in batched mode, batched; the
// merchant's balance on chain moves by exactly what was charged.

let cluster: RedisClusterProcess;
let stack: SessionStack;
let kind: SessionKind;

const PRICE = 40_000n;

interface SettleAnswer {
  readonly success: boolean;
  readonly transaction: string;
  readonly extra?: { settlementId?: string; settlementStatus?: string };
}

async function settle(payer: SessionPayer): Promise<SettleAnswer> {
  const body = {
    x402Version: 2,
    paymentPayload: payer.payload() satisfies PaymentPayload,
    paymentRequirements: payer.requirements satisfies PaymentRequirements,
  };
  const res = await fetch(`${stack.gatewayUrl}/settle`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  expect(res.status).toBe(200);
  return (await res.json()) as SettleAnswer;
}

async function receipt(settlementId: string): Promise<{ state: string; signature: string }> {
  const res = await fetch(`${stack.gatewayUrl}/settlements/${settlementId}`);
  expect(res.status).toBe(200);
  return (await res.json()) as { state: string; signature: string };
}

async function spent(sessionId: string): Promise<bigint> {
  const res = await fetch(`${stack.gatewayUrl}/sessions/${sessionId}`);
  expect(res.status).toBe(200);
  return BigInt(((await res.json()) as { spent: string }).spent);
}

/** The merchant's confidential balance once it moved by `delta` (or as it is when it never does). */
async function merchantAfter(before: bigint, delta: bigint): Promise<bigint> {
  const merchant = stack.wallets.merchant;
  return eventually(async () => {
    const now = await stack.balanceOf(merchant);
    return now - before >= delta ? now : undefined;
  }, 'the merchant balance to move').catch(() => stack.balanceOf(merchant));
}

/** Which masters hold the run's keys: node url -> its keys. */
async function keysByNode(): Promise<Map<string, string[]>> {
  const byNode = new Map<string, string[]>();
  for (const url of cluster.urls) {
    const node = new Redis(url);
    try {
      const keys: string[] = [];
      let cursor = '0';
      do {
        const [next, page] = await node.scan(cursor, 'MATCH', `${stack.run}:*`, 'COUNT', 1000);
        keys.push(...page);
        cursor = next;
      } while (cursor !== '0');
      byNode.set(url, keys);
    } finally {
      node.disconnect();
    }
  }
  return byNode;
}

async function confirmedWithoutError(signatures: Iterable<string>): Promise<void> {
  for (const signature of signatures) {
    const tx = await stack.connection.getTransaction(signature, { commitment: 'confirmed', maxSupportedTransactionVersion: 0 });
    expect(tx?.meta?.err ?? null, signature).toBeNull();
  }
}

beforeAll(async () => {
  cluster = await startRedisCluster(3);
  stack = await startSessionStack({ redisCluster: cluster, serviceEnv: { SETTLEMENT_MODE: 'per-call', BATCH_WINDOW_MS: '1000', BATCH_MAX_SIZE: '50' } });
  kind = await new FacilitatorClient(stack.gatewayUrl).sessionKind();
}, 300_000);

afterAll(async () => {
  await stack?.stop();
  await cluster?.stop();
}, 60_000);

describe('quietpay on a Redis Cluster', () => {
  it('per call: each call settles in its own confirmed transfer; one session\u2019s keys sit in one slot, the run\u2019s keys on several masters', async () => {
    const payer = await openSessionPayer(stack, kind, stack.wallets.agent, stack.wallets.merchant, PRICE);
    const before = await stack.balanceOf(stack.wallets.merchant);
    const answers: SettleAnswer[] = [];
    for (let i = 0; i < 3; i += 1) answers.push(await settle(payer));
    expect(
      answers.every((a) => a.success),
      JSON.stringify(answers),
    ).toBe(true);
    expect(new Set(answers.map((a) => a.transaction)).size).toBe(3);
    await confirmedWithoutError(answers.map((a) => a.transaction));
    const receipts = await Promise.all(answers.map((a) => receipt(a.extra?.settlementId ?? '')));
    expect(receipts.map((r) => [r.state, r.signature])).toEqual(answers.map((a) => ['settled', a.transaction]));
    expect(await spent(payer.sessionId)).toBe(3n * PRICE);
    expect((await merchantAfter(before, 3n * PRICE)) - before).toBe(3n * PRICE);

    const byNode = await keysByNode();
    const tagged = `{${payer.sessionId}}`;
    const holding = [...byNode].filter(([, keys]) => keys.some((k) => k.includes(tagged)));
    expect(holding.map(([url]) => url)).toHaveLength(1);
    expect([...byNode.values()].filter((keys) => keys.length > 0).length).toBeGreaterThan(1);
  }, 240_000);

  it('batched: after the gateway and submitter restart in batched mode, calls answered at once settle in fewer transfers than calls, moving exactly their sum', async () => {
    const gatewayPort = new URL(stack.gatewayUrl).port;
    const restartSubmitter = await stack.kill('submitter');
    const restartGateway = await stack.kill('gateway');
    await restartSubmitter({ SETTLEMENT_MODE: 'batched' });
    await restartGateway({ SETTLEMENT_MODE: 'batched', PORT: gatewayPort });

    const payer = await openSessionPayer(stack, kind, stack.wallets.agent, stack.wallets.merchant, PRICE);
    const before = await stack.balanceOf(stack.wallets.merchant);
    const calls = 6;
    const answers = await Promise.all(Array.from({ length: calls }, () => settle(payer)));
    expect(
      answers.every((a) => a.success),
      JSON.stringify(answers),
    ).toBe(true);
    expect(answers.map((a) => a.extra?.settlementStatus)).toEqual(answers.map(() => 'queued'));
    const ids = answers.map((a) => a.extra?.settlementId ?? '');
    const receipts = await eventually(
      async () => {
        const all = await Promise.all(ids.map(receipt));
        return all.every((r) => r.state === 'settled') ? all : undefined;
      },
      'every batched charge to settle',
      300,
      200,
    );
    const signatures = new Set(receipts.map((r) => r.signature));
    expect(signatures.size).toBeLessThan(calls);
    await confirmedWithoutError(signatures);
    expect(await spent(payer.sessionId)).toBe(BigInt(calls) * PRICE);
    expect((await merchantAfter(before, BigInt(calls) * PRICE)) - before).toBe(BigInt(calls) * PRICE);
  }, 240_000);
});
