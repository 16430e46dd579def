import type { SessionKind } from '@quietpay/sdk';
import type { PaymentPayload } from '@quietpay/x402';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sendFirstThenWave } from '../support/coalesced-wave';
import { receiptAt, type SettleAnswer, settleAt, type SettlementReceipt } from '../support/facilitator-http';
import { type ProxiedStack, startProxiedStack } from '../support/proxied-submitter-stack';
import { type RedisServerProcess, startRedisServer } from '../support/redis-server.process';
import type { RpcFaultProxy } from '../support/rpc-fault-proxy';
import { eventually } from '../support/service.process';
import { openSessionPayer, type SessionPayer, settleUntilDecided } from '../support/session-payer';
import type { SessionStack } from '../support/session-stack';

// Pipelined coalesced settlement (COALESCED_PIPELINE_DEPTH=2) on localnet, with the submitter's
// RPC behind the fault proxy: a session's next batch is built and sent on its predecessor's
// `processed` state, and every charge is still answered only by its own transfer's confirmation.
// The proxy plays what localnet cannot: a transfer whose confirmation does not follow its
// `processed` status (held), and one the node applied on a fork that was then dropped (phantom).
// A killed submitter with two batches open resumes both, and so do all services when Redis
// restarts (or is still down) while both batches wait for confirmation: the stack runs on a
// private redis-server (AOF, fsync always) so the test may restart it.

let fixture: ProxiedStack;
let stack: SessionStack;
let kind: SessionKind;
let proxy: RpcFaultProxy;
let redis: Redis;
let redisServer: RedisServerProcess;

const PRICE = 40_000n;

async function sessionSpent(sessionId: string): Promise<bigint> {
  return eventually(async () => {
    const res = await fetch(`${stack.gatewayUrl}/sessions/${sessionId}`);
    return res.ok ? BigInt(((await res.json()) as { spent: string }).spent) : undefined;
  }, 'the session record');
}

async function finished(settlementId: string): Promise<SettlementReceipt> {
  return eventually(
    async () => {
      const receipt = await receiptAt(stack.gatewayUrl, settlementId);
      return receipt.state === 'settled' || receipt.state === 'failed' ? receipt : undefined;
    },
    `settlement ${settlementId} to finish`,
    1200,
    200,
  );
}

async function onChain(signature: string): Promise<{ status: string | undefined; err: unknown }> {
  const { value } = await stack.connection.getSignatureStatuses([signature], { searchTransactionHistory: true });
  return { status: value[0]?.confirmationStatus, err: value[0]?.err ?? null };
}

const confirmedOnChain = (signature: string): Promise<true> =>
  eventually(async () => {
    const { status } = await onChain(signature);
    return status === 'confirmed' || status === 'finalized' ? true : undefined;
  }, `${signature} to be confirmed on chain`);

async function merchantGot(before: bigint, delta: bigint): Promise<bigint> {
  const merchant = stack.wallets.merchant;
  const now = await eventually(
    async () => {
      const balance = await stack.balanceOf(merchant);
      return balance - before >= delta ? balance : undefined;
    },
    'the merchant balance to move',
    600,
    100,
  ).catch(() => stack.balanceOf(merchant));
  return now - before;
}

/** Which of the promises have settled by now (without waiting). */
async function answeredYet(answers: readonly Promise<unknown>[]): Promise<boolean[]> {
  const marks = answers.map((a) => a.then(() => true).catch(() => true));
  return Promise.all(marks.map((m) => Promise.race([m, new Promise<boolean>((resolve) => setImmediate(() => resolve(false)))])));
}

beforeAll(async () => {
  redisServer = await startRedisServer();
  redis = redisServer.admin();
  fixture = await startProxiedStack({
    redisUrl: redisServer.url,
    serviceEnv: { SETTLEMENT_MODE: 'per-call', PER_CALL_SETTLEMENT: 'coalesced', SETTLEMENT_WAIT_MS: '150000' },
    submitterEnv: {
      COALESCED_PIPELINE_DEPTH: '2',
      CONFIRM_POLL_MS: '100',
      SETTLEMENT_BACKOFF_MS: '100',
      SETTLEMENT_BACKOFF_MAX_MS: '1000',
      // A killed submitter's jobs and await claims are taken over within seconds (crash test).
      SETTLEMENT_JOB_LOCK_MS: '2000',
      SETTLEMENT_STALLED_INTERVAL_MS: '500',
      SOURCE_LOCK_TTL_MS: '2000',
    },
  });
  ({ stack, proxy, kind } = fixture);
}, 300_000);

afterAll(async () => {
  await fixture?.stop();
  redis?.disconnect();
  await redisServer?.stop();
}, 60_000);

/**
 * Every charge's settlement id once it is decided: a caller whose /settle the gateway answered
 * keeps that answer; one answered otherwise (settlement_pending, or an error while a service or
 * Redis was down) asks again with the same payment, as a client does.
 */
function decidedSettlementIds(payer: SessionPayer, answers: readonly Promise<SettleAnswer>[], payloads: readonly PaymentPayload[]): Promise<string[]> {
  return Promise.all(
    answers.map(async (original, i) => {
      const answer = await original.catch(() => undefined);
      const decided = answer?.success === true ? answer : await settleUntilDecided(stack.gatewayUrl, payer, payloads[i]!);
      expect(decided.success, JSON.stringify(decided)).toBe(true);
      return decided.extra?.settlementId ?? '';
    }),
  );
}

/** The ledger's charges of a session (settlement id, state, transfer), straight from Redis. */
/** Waits until the proxy has seen both batches' transfers; their signatures in send order. */
async function bothTransfersSent(what: string): Promise<[string, string]> {
  await eventually(async () => (proxy.sent.length === 2 ? true : undefined), what);
  return proxy.sent.map((s) => s.signature) as [string, string];
}

/** Every answer is a success naming `signature`, the transfer of the charges' own batch. */
function expectEachAnsweredBy(answers: readonly SettleAnswer[], signature: string): void {
  expect(
    answers.map((a) => [a.success, a.transaction]),
    JSON.stringify(answers),
  ).toEqual(answers.map(() => [true, signature]));
}

async function ledgerCharges(sessionId: string): Promise<{ chargeId: string; state: string; signature: string }[]> {
  const keys = await redis.keys(`${stack.ledgerKeyPrefix}s:{${sessionId}}:c:*`);
  return Promise.all(
    keys.map(async (key) => {
      const [chargeId, state, signature] = await redis.hmget(key, 'chargeId', 'state', 'signature');
      return { chargeId: chargeId ?? '', state: state ?? '', signature: signature ?? '' };
    }),
  );
}

/**
 * Two batches of a new session open (one charge, then three), both applied by the node and
 * confirmed on chain while the submitter is told only `processed`; `interrupt` breaks something
 * (a service, Redis) and lets the confirmations through (proxy.releaseProcessed). Then every
 * charge settles once, with its own batch's transfer; nothing is rebuilt or sent again; both
 * batches close; the ledger holds no reservation; spent is what the merchant received.
 */
async function settleTwoHeldBatchesAcross(interrupt: (openKey: string) => Promise<void>): Promise<void> {
  const payer = await openSessionPayer(stack, kind, stack.wallets.agent, stack.wallets.merchant, PRICE);
  const merchantBefore = await stack.balanceOf(stack.wallets.merchant);
  const openKey = `${stack.submitterKeyPrefix}:batch:opened:{${payer.sessionId}}`;

  const { first, wave, payloads } = await sendFirstThenWave({ stack, proxy, redis }, payer, 3, ['hold-processed', 'hold-processed']);
  const [t1, t2] = await bothTransfersSent('the second transfer to be sent');
  await Promise.all([t1, t2].map(confirmedOnChain));
  expect(await redis.llen(openKey)).toBe(2);

  await interrupt(openKey);

  // The gateway follows the settlement's status, whoever finishes it.
  const settlementIds = await decidedSettlementIds(payer, [first, ...wave], payloads);
  const receipts = await Promise.all(settlementIds.map(finished));
  expect(receipts.map((r) => [r.state, r.signature])).toEqual([
    ['settled', t1],
    ['settled', t2],
    ['settled', t2],
    ['settled', t2],
  ]);
  await eventually(async () => ((await redis.llen(openKey)) === 0 ? true : undefined), 'both batches to close');
  expect(proxy.sent.map((s) => s.signature)).toEqual([t1, t2]);
  // Exactly these four charges, each settled by its own batch's transfer: none left reserved.
  const signatureOf = new Map([[settlementIds[0]!, t1], ...settlementIds.slice(1).map((id) => [id, t2] as const)]);
  const charges = await ledgerCharges(payer.sessionId);
  expect(charges.map((c) => [c.chargeId, c.state, c.signature]).sort()).toEqual(settlementIds.map((id) => [id, 'settled', signatureOf.get(id)]).sort());
  expect(await sessionSpent(payer.sessionId)).toBe(4n * PRICE);
  expect(await merchantGot(merchantBefore, 4n * PRICE)).toBe(4n * PRICE);
}

describe('pipelined coalesced settlement (depth 2)', () => {
  beforeEach(() => proxy.reset());

  it('sends the next batch while its predecessor awaits confirmation; each charge is answered by its own transfer, only once that one is confirmed', async () => {
    const payer = await openSessionPayer(stack, kind, stack.wallets.agent, stack.wallets.merchant, PRICE);
    const merchantBefore = await stack.balanceOf(stack.wallets.merchant);

    // The first transfer lands but the submitter is told only `processed` until releaseProcessed.
    const { first, wave } = await sendFirstThenWave({ stack, proxy, redis }, payer, 5, ['hold-processed']);
    const [t1, t2] = await bothTransfersSent('the second transfer to be sent while the first is unconfirmed');
    // The second transfer confirms and answers its own five charges; the first's is still waiting.
    const waveAnswers = await Promise.all(wave);
    expectEachAnsweredBy(waveAnswers, t2);
    expect(waveAnswers.map((a) => a.extra?.transfer?.charges)).toEqual(waveAnswers.map(() => 5));
    expect(await answeredYet([first])).toEqual([false]);
    // Confirmed on chain, but the submitter has not seen it confirmed: not answered, not booked.
    await confirmedOnChain(t1);
    const openBatches = await redis.lrange(`${stack.submitterKeyPrefix}:batch:opened:{${payer.sessionId}}`, 0, -1);
    expect(openBatches).toHaveLength(1);
    expect(await answeredYet([first])).toEqual([false]);

    proxy.releaseProcessed();
    const firstAnswer = await first;
    expect(firstAnswer).toMatchObject({ success: true, transaction: t1 });
    // The second transfer was built on the first's new balance handle: both landed, no rebuild.
    expect(proxy.sent).toHaveLength(2);
    expect((await onChain(t1)).err).toBeNull();
    expect((await onChain(t2)).err).toBeNull();
    const receipts = await Promise.all([firstAnswer, ...waveAnswers].map((a) => finished(a.extra?.settlementId ?? '')));
    expect(receipts.map((r) => [r.state, r.signature])).toEqual([['settled', t1], ...waveAnswers.map(() => ['settled', t2])]);
    expect(await sessionSpent(payer.sessionId)).toBe(6n * PRICE);
    expect(await merchantGot(merchantBefore, 6n * PRICE)).toBe(6n * PRICE);
  }, 300_000);

  it('a predecessor dropped after `processed` is rebuilt once its bytes expired unlanded; the batch built meanwhile lands; each charge is paid once', async () => {
    const payer = await openSessionPayer(stack, kind, stack.wallets.agent, stack.wallets.merchant, PRICE);
    const merchantBefore = await stack.balanceOf(stack.wallets.merchant);

    // The first transfer never reaches the chain, though the submitter is told it was applied.
    const { first, wave } = await sendFirstThenWave({ stack, proxy, redis }, payer, 3, ['phantom-processed']);
    const waveAnswers = await Promise.all(wave);
    const [t1, t2] = proxy.sent.map((s) => s.signature) as [string, string];
    expectEachAnsweredBy(waveAnswers, t2);
    expect(await answeredYet([first])).toEqual([false]);

    // The fork is gone: the chain never saw t1. Its re-broadcasts are refused (its source handle
    // moved under t2); only once its blockhash expired is it rebuilt, on the current state.
    proxy.releaseProcessed();
    const firstAnswer = await first;
    expect(firstAnswer.success, JSON.stringify(firstAnswer)).toBe(true);
    const t1Rebuilt = firstAnswer.transaction ?? '';
    expect([t1, t2]).not.toContain(t1Rebuilt);
    expect(proxy.sent.map((s) => s.signature)).toContain(t1Rebuilt);
    expect((await onChain(t1)).status).toBeUndefined();
    expect((await finished(firstAnswer.extra?.settlementId ?? '')).signature).toBe(t1Rebuilt);
    expect(await sessionSpent(payer.sessionId)).toBe(4n * PRICE);
    expect(await merchantGot(merchantBefore, 4n * PRICE)).toBe(4n * PRICE);
  }, 400_000);

  it('a submitter killed with two batches open resumes both after its restart: every charge settles once, with its own transfer', async () => {
    await settleTwoHeldBatchesAcross(async (openKey) => {
      const restart = await stack.kill('submitter');
      expect(await redis.llen(openKey)).toBe(2);
      await restart();
      proxy.releaseProcessed();
    });
  }, 300_000);

  it('a session closed while batch 1 awaits confirmation and batch 2 is formed after the close: every charge reserved before it settles once with its own transfer, none after it is taken', async () => {
    const payer = await openSessionPayer(stack, kind, stack.wallets.agent, stack.wallets.merchant, PRICE);
    const merchantBefore = await stack.balanceOf(stack.wallets.merchant);
    const pendingKey = `${stack.submitterKeyPrefix}:batch:pending:{${payer.sessionId}}`;

    // As sendFirstThenWave, with the close between the wave's reservations and the second batch:
    // that batch is authorized and sent for a session that no longer takes charges.
    proxy.reset(['hold-processed']);
    const releaseStatuses = proxy.holdStatuses('submitter');
    let first: Promise<Awaited<ReturnType<typeof settleAt>>>;
    let wave: Promise<Awaited<ReturnType<typeof settleAt>>>[];
    try {
      first = settleAt(stack.gatewayUrl, payer.payload(), payer.requirements);
      await eventually(async () => (proxy.sent.length === 1 ? true : undefined), 'the first charge transfer to be sent');
      wave = Array.from({ length: 3 }, () => settleAt(stack.gatewayUrl, payer.payload(), payer.requirements));
      await eventually(async () => ((await redis.llen(pendingKey)) === 3 ? true : undefined), 'the 3 later charges to wait in the submitter', 600);
      await payer.close();
    } finally {
      releaseStatuses();
    }
    // A charge after the close is refused at the ledger: nothing reserved, nothing sent for it.
    const late = await settleAt(stack.gatewayUrl, payer.payload(), payer.requirements);
    expect(late, JSON.stringify(late)).toMatchObject({ success: false, errorReason: 'session_closed' });

    const [t1, t2] = await bothTransfersSent('the second batch to be sent after the close');
    expectEachAnsweredBy(await Promise.all(wave), t2);
    proxy.releaseProcessed();
    expect(await first).toMatchObject({ success: true, transaction: t1 });
    expect(proxy.sent).toHaveLength(2);
    expect(await sessionSpent(payer.sessionId)).toBe(4n * PRICE);
    expect(await merchantGot(merchantBefore, 4n * PRICE)).toBe(4n * PRICE);
  }, 300_000);

  it('Redis restarted while both pipelined batches sit at `processed`: after confirmation every charge settles once, with its own transfer, nothing sent again', async () => {
    await settleTwoHeldBatchesAcross(async (openKey) => {
      await redisServer.crash();
      await redisServer.start();
      // The restart kept both batches open: nothing was booked from memory.
      expect(await eventually(() => redis.llen(openKey), 'the restarted Redis to answer')).toBe(2);
      proxy.releaseProcessed();
    });
  }, 180_000);

  it('confirmation arrives while Redis is down and Redis comes back 5 s later: every charge settles once, with its own transfer, nothing sent again', async () => {
    await settleTwoHeldBatchesAcross(async () => {
      await redisServer.crash();
      proxy.releaseProcessed();
      // Long enough for the submitter to see both confirmed and fail to book them, and for its
      // job locks and await claims (2 s) to lapse before Redis is back.
      await new Promise((resolve) => setTimeout(resolve, 5000));
      await redisServer.start();
    });
  }, 180_000);
});
