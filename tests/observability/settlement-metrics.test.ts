import { readPaymentReceipt } from '@quietpay/sdk';
import { incoTokenAccountAddress } from '@quietpay/solana';
import { Keypair, PublicKey } from '@solana/web3.js';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_SERVICES, type StackService } from '../support/quietpay-stack';
import { eventually } from '../support/service.process';
import { type SessionStack, startSessionStack } from '../support/session-stack';
import { addressNeedle, amountNeedles, metricSeries, missing, scanFor, type Needle } from './leak-scan';
import { openPaidSession, settleAt } from './paid-session';
import { sample, scrape, type Scrape } from './prometheus-text';

// Issue 6, "Checked by": /metrics of all eight services scraped before and after one PAID call
// (the SDK paying examples/paid-api's /api/chat with a session, settled per call on the
// localnet). The settlement series must move where the settlement happened, and only there.
// The same stack, every service at LOG_LEVEL=trace, also pins docs/privacy.md's claim that logs
// and metric labels carry no amounts or addresses (last describe).

const CHAT_PRICE = 500_000n;
const SETTLEMENT_STEPS = ['build', 'sign', 'send', 'confirm'];

let stack: SessionStack;
const ports = new Map<StackService, number>();

beforeAll(async () => {
  // trace: the most verbose level the services' config accepts (libs/platform common-config).
  stack = await startSessionStack({ serviceEnv: { LOG_LEVEL: 'trace' } });
  for (const proc of stack.processes) {
    if ((ALL_SERVICES as readonly string[]).includes(proc.name)) ports.set(proc.name as StackService, await proc.started());
  }
}, 300_000);

afterAll(async () => {
  await stack?.stop();
}, 60_000);

async function scrapeAll(): Promise<Map<StackService, Scrape>> {
  return new Map(await Promise.all(ALL_SERVICES.map(async (name) => [name, await scrape(ports.get(name)!)] as const)));
}

/** Sum of every series of `name` (all label sets). */
function total(metrics: Scrape, name: string): number {
  let sum = 0;
  for (const [series, value] of metrics.samples) if (series === name || series.startsWith(`${name}{`)) sum += value;
  return sum;
}

describe('settlement metrics move with a paid call', () => {
  it('one paid /api/chat call counts one settled session on the gateway, one confirmed job and its steps on the submitter, and the bus handlers along the way', async () => {
    const session = await openPaidSession(stack, '1');
    const before = await scrapeAll();

    const res = await session.handle.fetch(`${stack.paidApiUrl}/api/chat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ message: 'metered' }),
    });
    expect(res.status, stack.output().slice(-4000)).toBe(200);
    expect(readPaymentReceipt(res)).toMatchObject({ success: true, amount: CHAT_PRICE.toString() });

    // The submitter counts the job once the worker has finished it, which can be a moment after
    // /settle answered; wait for that, then read everything.
    const confirmed = { scheme: 'session', outcome: 'confirmed' };
    await eventually(async () => {
      const now = await scrape(ports.get('submitter')!);
      return sample(now, 'quietpay_settlements_total', confirmed) > sample(before.get('submitter')!, 'quietpay_settlements_total', confirmed)
        ? true
        : undefined;
    }, 'the submitter to count a confirmed settlement');
    const after = await scrapeAll();
    const moved = (service: StackService, name: string, labels: Record<string, string> = {}): number =>
      sample(after.get(service)!, name, labels) - sample(before.get(service)!, name, labels);
    const handled = (service: StackService, subject: string): number =>
      moved(service, 'quietpay_bus_handler_duration_seconds_count', { subject, outcome: 'ok' });

    // gateway: what /settle answered, the route, and its settle request to the ledger (which
    // forwards its own record of the reservation to the submitter).
    expect(moved('gateway', 'quietpay_settlements_total', { scheme: 'session', outcome: 'settled' })).toBe(1);
    for (const outcome of ['pending', 'rejected', 'error'])
      expect(moved('gateway', 'quietpay_settlements_total', { scheme: 'session', outcome }), outcome).toBe(0);
    expect(moved('gateway', 'quietpay_http_requests_total', { route: '/settle', method: 'POST', status: '200' })).toBe(1);
    expect(moved('gateway', 'quietpay_bus_request_duration_seconds_count', { subject: 'quietpay.session.charge.submit.v1', outcome: 'ok' })).toBe(1);
    expect(moved('session-ledger', 'quietpay_bus_request_duration_seconds_count', { subject: 'quietpay.settlement.submit.v1', outcome: 'ok' })).toBe(1);

    // submitter: one confirmed job, nothing failed or retried, each step timed at least once
    // (a rebuilt transaction times build/sign/send again), and its submit handler.
    expect(moved('submitter', 'quietpay_settlements_total', confirmed)).toBe(1);
    expect(moved('submitter', 'quietpay_settlements_total', { scheme: 'session', outcome: 'failed' })).toBe(0);
    for (const step of SETTLEMENT_STEPS) {
      expect(moved('submitter', 'quietpay_settlement_duration_seconds_count', { step }), step).toBeGreaterThanOrEqual(1);
      expect(moved('submitter', 'quietpay_settlement_duration_seconds_bucket', { step, le: '+Inf' }), step).toBe(
        moved('submitter', 'quietpay_settlement_duration_seconds_count', { step }),
      );
    }
    expect(handled('submitter', 'quietpay.settlement.submit.v1')).toBe(1);

    // The bus handlers the settlement crossed, each in its own service.
    expect(handled('session-ledger', 'quietpay.session.charge.reserve.v1')).toBe(1);
    expect(handled('session-ledger', 'quietpay.session.charge.submit.v1')).toBe(1);
    expect(handled('session-ledger', 'quietpay.session.charge.commit.v1')).toBe(1);
    expect(handled('tx-builder', 'quietpay.tx-builder.transfer.build.v2')).toBeGreaterThanOrEqual(1);
    expect(handled('signer', 'quietpay.signer.transfer.sign.v1')).toBeGreaterThanOrEqual(1);
    // …and the submitter's requests to them, from the caller's side.
    expect(moved('submitter', 'quietpay_bus_request_duration_seconds_count', { subject: 'quietpay.tx-builder.transfer.build.v2', outcome: 'ok' })).toBe(
      handled('tx-builder', 'quietpay.tx-builder.transfer.build.v2'),
    );
    expect(moved('submitter', 'quietpay_bus_request_duration_seconds_count', { subject: 'quietpay.signer.transfer.sign.v1', outcome: 'ok' })).toBe(
      handled('signer', 'quietpay.signer.transfer.sign.v1'),
    );

    // Settlements are counted where they happen: no other service counts any.
    for (const name of ALL_SERVICES.filter((s) => s !== 'gateway' && s !== 'submitter')) {
      expect(total(after.get(name)!, 'quietpay_settlements_total') - total(before.get(name)!, 'quietpay_settlements_total'), name).toBe(0);
    }
    expect(sample(after.get('submitter')!, 'quietpay_settlement_queue_depth', { queue: 'settlement' })).toBe(0);
  }, 180_000);
});

describe('logs and metric labels carry no amounts or addresses (docs/privacy.md)', () => {
  // Distinctive values, matched as whole numbers (leak-scan.ts): a timestamp holding the digits is no hit.
  const CAP = '7.654321';
  const CAP_UNITS = 7_654_321n;
  const AMOUNTS = [123_457n, 234_568n, 345_679n];

  it('after session payments at trace level, no service logged or labelled the payer, recipient, their token accounts, an amount or the cap', async () => {
    const session = await openPaidSession(stack, CAP);
    const legit = new Map<string, string[]>();
    for (const amount of AMOUNTS) {
      const requirements = session.requirements(amount);
      const settled = await settleAt(stack.gatewayUrl, session.payload(requirements), requirements);
      expect(settled.body, stack.output().slice(-4000)).toMatchObject({ success: true });
      legit.set(`/settle of ${amount}`, [JSON.stringify(requirements), JSON.stringify(settled.body)]);
      const tx = await stack.connection.getTransaction(settled.body.transaction, { commitment: 'confirmed', maxSupportedTransactionVersion: 0 });
      legit.set(`transaction of ${amount}`, tx?.transaction.message.staticAccountKeys.map((k) => k.toBase58()) ?? []);
    }
    legit.set('session record', [JSON.stringify(await session.handle.getSession())]);
    legit.set('the cap the agent signed', [CAP]);
    // What the operator legitimately keeps: the ledger's keys of this session, in Redis.
    const redis = new Redis('redis://127.0.0.1:6379');
    try {
      const keys = await redis.keys(`${stack.ledgerKeyPrefix}*{${session.handle.sessionId}}*`);
      expect(keys.length).toBeGreaterThan(0);
      legit.set('ledger in Redis', await Promise.all(keys.map(async (key) => JSON.stringify(await dumpKey(redis, key)))));
    } finally {
      redis.disconnect();
    }

    const tokenAccount = (owner: PublicKey): string =>
      incoTokenAccountAddress(
        { incoToken: new PublicKey(stack.inco.incoTokenProgramId), incoLightning: new PublicKey(stack.inco.incoLightningProgramId) },
        owner,
        new PublicKey(stack.inco.mint),
      ).toBase58();
    const payer = stack.wallets.agent.publicKey;
    const recipient = stack.wallets.merchant.publicKey;
    const needles: Needle[] = [
      addressNeedle('payer', payer.toBase58()),
      addressNeedle('recipient', recipient.toBase58()),
      addressNeedle("payer's token account", tokenAccount(payer)),
      addressNeedle("recipient's token account", tokenAccount(recipient)),
      addressNeedle('session key', Keypair.fromSecretKey(session.secretKey).publicKey.toBase58()),
      ...AMOUNTS.flatMap((amount) => amountNeedles('amount', amount, stack.inco.decimals)),
      ...amountNeedles('cap', CAP_UNITS, stack.inco.decimals),
    ];
    // The scan can fail: every needle is found where it legitimately is.
    expect(missing(needles, legit), JSON.stringify([...legit], null, 1).slice(0, 4000)).toEqual([]);

    // Let the settlement workers finish logging (the submitter confirms after /settle answered).
    const confirmed = { scheme: 'session', outcome: 'confirmed' };
    await eventually(
      async () => (sample(await scrape(ports.get('submitter')!), 'quietpay_settlements_total', confirmed) >= AMOUNTS.length + 1 ? true : undefined),
      'the submitter to confirm every settlement',
    );
    const observed = new Map<string, string[]>();
    for (const proc of stack.processes.filter((p) => (ALL_SERVICES as readonly string[]).includes(p.name))) {
      observed.set(`${proc.name} log`, proc.output().split('\n'));
    }
    for (const name of ALL_SERVICES) {
      const res = await fetch(`http://127.0.0.1:${ports.get(name)!}/metrics`);
      observed.set(`${name} /metrics`, metricSeries(await res.text()));
    }
    // Every service ran at trace level, and the logs saw the payments: the submitter logs each
    // confirmed settlement by its id (`<sessionId>.<uuid>`; session ids are allowed, docs/privacy.md).
    for (const proc of stack.processes.filter((p) => (ALL_SERVICES as readonly string[]).includes(p.name)))
      expect(stack.envOf(proc)?.['LOG_LEVEL'], proc.name).toBe('trace');
    expect(observed.get('submitter log')!.filter((line) => line.includes(session.handle.sessionId)).length).toBeGreaterThanOrEqual(AMOUNTS.length);
    expect(scanFor(needles, observed)).toEqual([]);
  }, 180_000);
});

/** A Redis key's value whatever its type, for a scan of what the ledger stores. */
async function dumpKey(redis: Redis, key: string): Promise<unknown> {
  const type = await redis.type(key);
  if (type === 'hash') return { key, value: await redis.hgetall(key) };
  if (type === 'string') return { key, value: await redis.get(key) };
  if (type === 'set') return { key, value: await redis.smembers(key) };
  if (type === 'zset') return { key, value: await redis.zrange(key, '0', '-1', 'WITHSCORES') };
  if (type === 'list') return { key, value: await redis.lrange(key, 0, -1) };
  return { key, type };
}
