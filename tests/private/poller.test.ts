import { randomUUID } from 'node:crypto';
import {
  ChainPollerStatusV1,
  OkOf,
  PaymentLookupState,
  PrivatePaymentLookupV1,
  PrivatePaymentObservedV1,
  type LookupPaymentReply,
  type PrivatePaymentObserved,
} from '@quietpay/contracts';
import type { RunningLocalnet } from '@quietpay/infra-localnet';
import { type BusClient, ensureStream } from '@quietpay/platform';
import { Connection, Keypair, PublicKey } from '@solana/web3.js';
import type { Redis } from 'ioredis';
import { AckPolicy, DeliverPolicy, JSONCodec, type NatsConnection } from 'nats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localnetWallet, payPrivately as payPrivatelyOn } from '../support/private-localnet';
import { eventually, type ServiceProcess } from '../support/service.process';
import { type PrivateServiceRig, startPrivateServiceRig } from './private-service.fixture';

// chain-poller as a real process on a private NATS and a per-run Redis prefix, against an
// in-process localnet whose crank settles private transfers to the base chain.
describe('chain-poller indexes private settlements from the transfer queue', () => {
  let rig: PrivateServiceRig;
  let net: RunningLocalnet;
  let connection: Connection;
  let nc: NatsConnection;
  let bus: BusClient;
  let redis: Redis;
  let agent: Keypair;
  const prefix = `test:chain-poller:${randomUUID()}`;
  const observed: { msgId: string | undefined; event: PrivatePaymentObserved }[] = [];

  const startPoller = (overrides: Record<string, string> = {}): ServiceProcess =>
    rig.start(`poller-${randomUUID().slice(0, 8)}`, { POLL_INTERVAL_MS: '200', ...overrides });

  const paymentId = (): string => String(BigInt(`0x${randomUUID().replace(/-/g, '').slice(0, 15)}`) + 1n);

  const payPrivately = (to: PublicKey, amount: number, clientRefId: string, split = 1): Promise<string> =>
    payPrivatelyOn(net, connection, agent, { to: to.toBase58(), amount: String(amount), clientRefId, split });

  const lookup = (id: string, recipient?: string): Promise<LookupPaymentReply> =>
    bus.request(PrivatePaymentLookupV1, { paymentId: id, recipient: recipient ?? '' });

  const found = async (id: string, recipient: string) => {
    const reply = await lookup(id, recipient);
    return reply.result.case === 'ok' && reply.result.value.state === PaymentLookupState.FOUND ? reply.result.value.payment : undefined;
  };

  beforeAll(async () => {
    rig = await startPrivateServiceRig('chain-poller', prefix);
    ({ net, nc, bus, redis } = rig);
    connection = new Connection(net.endpoints.rpc, 'confirmed');
    agent = localnetWallet(net, 'agent');
    await ensureStream(await nc.jetstreamManager(), PrivatePaymentObservedV1);
    // A durable pull consumer of this run's private stream: it sees every stored event once.
    const durable = `poller-test-${randomUUID().slice(0, 8)}`;
    await (
      await nc.jetstreamManager()
    ).consumers.add(PrivatePaymentObservedV1.stream, {
      durable_name: durable,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      filter_subject: PrivatePaymentObservedV1.subject,
    });
    const messages = await (await nc.jetstream().consumers.get(PrivatePaymentObservedV1.stream, durable)).consume();
    const json = JSONCodec<unknown>();
    void (async () => {
      for await (const m of messages) {
        observed.push({ msgId: m.headers?.get('Nats-Msg-Id'), event: PrivatePaymentObservedV1.payload.decode(json.decode(m.data)) });
        m.ack();
      }
    })();
  });

  afterAll(async () => {
    await rig?.stop();
  });

  it('answers found with the settled amount, recipient and settlement signature', async () => {
    const startedAtSeconds = Math.floor(Date.now() / 1000);
    const poller = startPoller();
    const httpPort = await poller.started();
    const recipient = Keypair.generate().publicKey.toBase58();
    const id = paymentId();

    const before = await lookup(id, recipient);
    expect(before.result.case === 'ok' && before.result.value.state).toBe(PaymentLookupState.PENDING);

    await payPrivately(new PublicKey(recipient), 250_000, id);
    const payment = await eventually(() => found(id, recipient), `payment ${id} found`);
    expect(payment).toMatchObject({ paymentId: id, amount: '250000', recipient, mint: net.mints.usdc });

    // The signature is the settlement: its logs carry this id and it credits the recipient.
    const tx = await connection.getTransaction(payment?.signature ?? '', { maxSupportedTransactionVersion: 0, commitment: 'confirmed' });
    expect(tx?.meta?.logMessages).toContain(`Program log: client_ref_id: ${id}`);
    const credited = tx?.meta?.postTokenBalances?.find((b) => b.owner === recipient)?.uiTokenAmount.amount;
    expect(credited).toBe('250000');

    // Without a recipient the id alone finds it; another recipient does not.
    const byId = await lookup(id);
    expect(byId.result.case === 'ok' && byId.result.value.payment?.signature).toBe(payment?.signature);
    const other = await lookup(id, Keypair.generate().publicKey.toBase58());
    expect(other.result.case === 'ok' && other.result.value.state).toBe(PaymentLookupState.PENDING);

    const event = await eventually(async () => observed.find((o) => o.event.payment?.paymentId === id), 'observed event');
    expect(event.msgId).toBe(`${payment?.signature}:${id}`);

    // Operators watch the poller through its gauges: a last success set by this run, and a lag.
    const metrics = await (await fetch(`http://127.0.0.1:${httpPort}/metrics`)).text();
    const gauge = (name: string): number => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(metrics)?.[1]);
    expect(gauge('quietpay_poller_last_success_timestamp_seconds')).toBeGreaterThanOrEqual(startedAtSeconds);
    expect(gauge('quietpay_poller_lag_slots')).toBeGreaterThanOrEqual(0);
    await poller.kill();
  });

  it('wakes on a logsSubscribe notification for the queue: found long before the next poll is due', async () => {
    // A 10-minute interval: after the boot poll, only a notification can make the poller look again
    // within `eventually`'s 30 s. The settlement is the crank's transaction mentioning the queue PDA.
    const poller = startPoller({ POLL_INTERVAL_MS: '600000' });
    await poller.started();
    const subscribed = await poller.waitForLog((l) => l.msg === 'chain notifications subscribed', 'chain notifications subscribed');
    await poller.waitForLog((l) => l.msg === 'poller ready', 'poller ready');
    const recipient = Keypair.generate().publicKey.toBase58();
    const id = paymentId();
    await payPrivately(new PublicKey(recipient), 42_000, id);
    const payment = await eventually(() => found(id, recipient), `payment ${id} found without waiting for the next poll`);
    expect(payment).toMatchObject({ paymentId: id, amount: '42000', recipient });
    const status = await bus.request(ChainPollerStatusV1, {});
    expect(subscribed['addresses']).toEqual(status.result.case === 'ok' ? status.result.value.watchedAddresses : undefined);
    await poller.kill();
  });

  it('indexes a notified settlement before any poll, exactly as a poll-only poller indexes it, and once', async () => {
    // Poller A: after its boot poll only notifications can index (10-minute interval).
    const a = startPoller({ POLL_INTERVAL_MS: '600000' });
    const aPort = await a.started();
    await a.waitForLog((l) => l.msg === 'chain notifications subscribed', 'chain notifications subscribed');
    await a.waitForLog((l) => l.msg === 'poller ready', 'poller ready');
    const recipient = Keypair.generate().publicKey.toBase58();
    const id = paymentId();
    await payPrivately(new PublicKey(recipient), 77_000, id);
    const payment = await eventually(() => found(id, recipient), `payment ${id} found from the notification`);
    expect(payment).toMatchObject({ paymentId: id, amount: '77000', recipient, mint: net.mints.usdc });
    // It came through the notification path: that path indexed, and no poll applied anything since boot.
    const metrics = await (await fetch(`http://127.0.0.1:${aPort}/metrics`)).text();
    const count = (path: string, step: string): number =>
      Number(new RegExp(`^quietpay_poller_step_duration_seconds_count\\{path="${path}",step="${step}"\\} (\\S+)$`, 'm').exec(metrics)?.[1] ?? 0);
    expect(count('notification', 'index')).toBeGreaterThanOrEqual(1);
    await a.kill();

    // Poller B: polling only (a missed notification is still found), its own keys, from the whole history.
    const pollOnly = `${prefix}:poll-only`;
    const b = rig.start(`poller-${randomUUID().slice(0, 8)}`, { POLL_INTERVAL_MS: '200', WAKE_ON_CHAIN_NOTIFICATIONS: 'false', REDIS_KEY_PREFIX: pollOnly });
    await b.started();
    const pair = (p: string): string => `${p}:payment:{${id}}:${recipient}`;
    await eventually(async () => ((await redis.get(pair(pollOnly))) !== null ? true : undefined), `payment ${id} indexed by polling`);
    // Byte for byte the same record, parts and total (signature, slot, index within the slot, amount, recipient).
    expect(await redis.get(pair(prefix))).toBe(await redis.get(pair(pollOnly)));
    expect(await redis.hgetall(`${pair(prefix)}:parts`)).toEqual(await redis.hgetall(`${pair(pollOnly)}:parts`));
    expect(await redis.get(`${pair(prefix)}:total`)).toBe('77000');
    expect(await redis.get(`${pair(pollOnly)}:total`)).toBe('77000');
    await b.kill();
    // One stored event for it: the second poller's publish carried the same message id.
    const events = await eventually(async () => {
      const mine = observed.filter((o) => o.event.payment?.paymentId === id);
      return mine.length > 0 ? mine : undefined;
    }, 'observed event');
    expect(events.map((e) => e.msgId)).toEqual([`${payment?.signature}:${id}`]);
    const keys = await redis.keys(`${pollOnly}:*`);
    if (keys.length > 0) await redis.del(...keys);
  });

  it('sums a split:3 payment to its full amount, and re-applying every part after a crash does not double-count', async () => {
    let poller = startPoller();
    await poller.started();
    const recipient = Keypair.generate().publicKey.toBase58();
    const id = paymentId();
    // 300_001 does not divide by 3: the parts differ, so a part counted twice or missed shows in the sum.
    await payPrivately(new PublicKey(recipient), 300_001, id, 3);
    const full = await eventually(async () => {
      const p = await found(id, recipient);
      return p?.amount === '300001' ? p : undefined;
    }, `split payment ${id} summed`);
    expect(full).toMatchObject({ paymentId: id, recipient, mint: net.mints.usdc });
    const parts = await redis.hgetall(`${prefix}:payment:{${id}}:${recipient}:parts`);
    expect(Object.keys(parts)).toHaveLength(3);
    expect(Object.values(parts).reduce((sum, a) => sum + BigInt(a), 0n)).toBe(300_001n);
    // Each part is its own settlement transaction with the same client_ref_id.
    for (const signature of Object.keys(parts)) {
      const tx = await connection.getTransaction(signature, { maxSupportedTransactionVersion: 0, commitment: 'confirmed' });
      expect(tx?.meta?.logMessages).toContain(`Program log: client_ref_id: ${id}`);
    }
    const lastPartSlot = Math.max(
      ...(await Promise.all(
        Object.keys(parts).map(async (s) => (await connection.getTransaction(s, { maxSupportedTransactionVersion: 0, commitment: 'confirmed' }))?.slot ?? 0),
      )),
    );

    // Crash before any watermark moved: SIGKILL and drop the watermark, so the restart re-reads and
    // re-applies the whole queue history, every part of this payment included.
    await poller.kill();
    const watermarkKeys = await redis.keys(`${prefix}:watermark:*`);
    expect(watermarkKeys.length).toBeGreaterThan(0);
    await redis.del(...watermarkKeys);
    poller = startPoller();
    await poller.started();
    await eventually(async () => {
      const slots = await Promise.all(watermarkKeys.map((k) => redis.hget(k, 'slot')));
      return slots.every((slot) => Number(slot) >= lastPartSlot) ? true : undefined;
    }, 'the history re-applied past the last part');
    expect(await found(id, recipient)).toMatchObject({ amount: '300001', signature: full?.signature });
    expect(Object.keys(await redis.hgetall(`${prefix}:payment:{${id}}:${recipient}:parts`))).toHaveLength(3);
    expect(await redis.llen(`${prefix}:conflicts`)).toBe(0);
    // One event per part, each under its own settlement's message id.
    const events = await eventually(async () => {
      const mine = observed.filter((o) => o.event.payment?.paymentId === id);
      return mine.length === 3 ? mine : undefined;
    }, 'three part events');
    expect(new Set(events.map((e) => e.msgId))).toEqual(new Set(Object.keys(parts).map((s) => `${s}:${id}`)));
    await poller.kill();
  });

  it('indexes a burst of 30 exactly once across a SIGKILL and restart, with no linking transaction', async () => {
    const recipients = [0, 1, 2].map(() => Keypair.generate().publicKey);
    const burst = Array.from({ length: 30 }, (_, i) => ({ id: paymentId(), to: recipients[i % 3] as PublicKey, amount: 1_000 + i }));
    let poller = startPoller();
    await poller.started();

    for (const p of burst.slice(0, 15)) await payPrivately(p.to, p.amount, p.id);
    const ids = new Set(burst.map((p) => p.id));
    await eventually(async () => (observed.some((o) => ids.has(o.event.payment?.paymentId ?? '')) ? true : undefined), 'first burst events');
    await poller.kill();

    for (const p of burst.slice(15)) await payPrivately(p.to, p.amount, p.id);
    poller = startPoller();
    await poller.started();

    for (const p of burst) {
      const payment = await eventually(() => found(p.id, p.to.toBase58()), `payment ${p.id} found`);
      expect(payment).toMatchObject({ amount: String(p.amount), recipient: p.to.toBase58() });
    }

    // Exactly one stored event per payment: duplicates from the re-applied chunk were de-duplicated.
    const status = await bus.request(ChainPollerStatusV1, {});
    const ok: OkOf<typeof status> | undefined = status.result.case === 'ok' ? status.result.value : undefined;
    const queue = ok?.watchedAddresses[0] ?? '';
    const watermark = await redis.hgetall(`${prefix}:watermark:${queue}`);
    const maxSlot = Math.max(...(await Promise.all(burst.map(async (p) => Number((await found(p.id, p.to.toBase58()))?.slot)))));
    expect(Number(watermark['slot'])).toBeGreaterThanOrEqual(maxSlot);
    const burstEvents = await eventually(async () => {
      const mine = observed.filter((o) => ids.has(o.event.payment?.paymentId ?? ''));
      return new Set(mine.map((o) => o.event.payment?.paymentId)).size === 30 ? mine : undefined;
    }, 'all 30 events');
    expect(burstEvents).toHaveLength(30);
    const info = await (await nc.jetstreamManager()).streams.info(PrivatePaymentObservedV1.stream);
    expect(info.state.messages).toBe(observed.length);
    expect(await redis.llen(`${prefix}:conflicts`)).toBe(0);

    // Privacy: no base-chain transaction names both the agent and a recipient.
    const agentSigs = new Set((await connection.getSignaturesForAddress(agent.publicKey, { limit: 1000 })).map((s) => s.signature));
    for (const r of recipients) {
      const linking = (await connection.getSignaturesForAddress(r, { limit: 1000 })).filter((s) => agentSigs.has(s.signature));
      expect(linking).toEqual([]);
    }
  });
});
