import { CrankKeeperStatusV1, type CrankStatus } from '@quietpay/contracts';
import { BusClient } from '@quietpay/platform';
import { FacilitatorClient, type SessionKind } from '@quietpay/sdk';
import type { PaymentPayload, PaymentRequirements } from '@quietpay/x402';
import type { NatsConnection } from 'nats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../support/service.process';
import { openSessionPayer, type SessionPayer } from '../support/session-payer';
import { type SessionStack, startSessionStack } from '../support/session-stack';

// The whole stack on a NATS cluster: 3 nats-servers joined by routes, each with the deployed
// authorization, JetStream clustered. The services are handed the nodes in turn, so a gateway's
// request to the ledger, the ledger's to the submitter, and the submitter's to tx-builder and the
// signer cross routes. Two gateways, two ledgers and two crank-keepers: calls paid through either
// gateway settle exactly once each, and the crank-keepers' leader election keeps one leader.

let stack: SessionStack;
let kind: SessionKind;
let operator: NatsConnection;

const PRICE = 30_000n;

interface SettleAnswer {
  readonly success: boolean;
  readonly transaction: string;
  readonly extra?: { settlementId?: string };
}

async function settle(gatewayUrl: string, payer: SessionPayer): Promise<SettleAnswer> {
  const body = {
    x402Version: 2,
    paymentPayload: payer.payload() satisfies PaymentPayload,
    paymentRequirements: payer.requirements satisfies PaymentRequirements,
  };
  const res = await fetch(`${gatewayUrl}/settle`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  expect(res.status).toBe(200);
  return (await res.json()) as SettleAnswer;
}

const nodeOf = (name: string): string[] => stack.processes.filter((p) => p.name === name).map((p) => stack.envOf(p)?.['NATS_URL'] ?? '');

beforeAll(async () => {
  stack = await startSessionStack({
    natsCluster: 3,
    gateways: 2,
    ledgers: 2,
    crankKeepers: 2,
    serviceEnv: { SETTLEMENT_MODE: 'per-call' },
    // A short lease, so the two crank-keepers contend for it many times during the test.
    serviceEnvFor: (name) => (name === 'crank-keeper' ? { LEADER_LOCK_TTL_MS: '1500', LEADER_RENEW_INTERVAL_MS: '300' } : undefined),
  });
  kind = await new FacilitatorClient(stack.gatewayUrl).sessionKind();
  operator = await stack.connectNats();
}, 300_000);

afterAll(async () => {
  await operator?.close();
  await stack?.stop();
}, 60_000);

describe('quietpay on a NATS cluster', () => {
  it('spreads the services over the three nodes', () => {
    const nodes = new Set(stack.processes.filter((p) => p.name !== 'paid-api').map((p) => stack.envOf(p)?.['NATS_URL']));
    expect(nodes.size).toBe(3);
    // Each pair of replicas sits on two nodes, so a request crosses a route whichever replica answers.
    expect(new Set(nodeOf('gateway')).size).toBe(2);
    expect(new Set(nodeOf('session-ledger')).size).toBe(2);
    expect(new Set(nodeOf('crank-keeper')).size).toBe(2);
  });

  it('pays calls through both gateways end to end: each settles once in its own confirmed transfer, the merchant gets exactly their sum', async () => {
    const payer = await openSessionPayer(stack, kind, stack.wallets.agent, stack.wallets.merchant, PRICE);
    const before = await stack.balanceOf(stack.wallets.merchant);
    const answers: SettleAnswer[] = [];
    for (let i = 0; i < 4; i += 1) answers.push(await settle(stack.gatewayUrls[i % 2]!, payer));
    expect(
      answers.every((a) => a.success),
      JSON.stringify(answers),
    ).toBe(true);
    expect(new Set(answers.map((a) => a.transaction)).size).toBe(4);
    for (const answer of answers) {
      const tx = await stack.connection.getTransaction(answer.transaction, { commitment: 'confirmed', maxSupportedTransactionVersion: 0 });
      expect(tx?.meta?.err ?? null).toBeNull();
    }
    const res = await fetch(`${stack.gatewayUrls[1]}/sessions/${payer.sessionId}`);
    expect(BigInt(((await res.json()) as { spent: string }).spent)).toBe(4n * PRICE);
    const after = await eventually(async () => {
      const now = await stack.balanceOf(stack.wallets.merchant);
      return now - before >= 4n * PRICE ? now : undefined;
    }, 'the merchant balance to move').catch(() => stack.balanceOf(stack.wallets.merchant));
    expect(after - before).toBe(4n * PRICE);
  }, 240_000);

  it('keeps one crank leader across replicas on different nodes; every replica names the same holder', async () => {
    const keepers = stack.processes.filter((p) => p.name === 'crank-keeper');
    const leaders = await eventually(async () => {
      const became = keepers.filter((p) => p.logs.some((l) => l.msg === 'became crank leader'));
      return became.length > 0 ? became : undefined;
    }, 'a crank-keeper to become leader');
    expect(leaders).toHaveLength(1);
    const leader = leaders[0]!;
    const bus = new BusClient(operator, 10_000);
    // The status request is served by either replica (one queue group): ask until both answered.
    const seen = new Map<boolean, CrankStatus>();
    await eventually(
      async () => {
        const reply = await bus.request(CrankKeeperStatusV1, {});
        if (reply.result.case === 'ok') seen.set(reply.result.value.leader, reply.result.value);
        return seen.size === 2 ? true : undefined;
      },
      'both crank-keepers to answer the status request',
      200,
      50,
    );
    expect([...seen.values()].map((s) => s.leaderInstanceId)).toEqual([stack.envOf(leader)?.['INSTANCE_ID'], stack.envOf(leader)?.['INSTANCE_ID']]);
    // Many renewals later, still the one leader and no hand-over.
    expect(
      keepers.flatMap((p) => p.logs.filter((l) => l.msg === 'became crank leader' || l.msg === 'lost crank leadership').map((l) => `${p.pid}:${l.msg}`)),
    ).toEqual([`${leader.pid}:became crank leader`]);
  }, 120_000);
});
