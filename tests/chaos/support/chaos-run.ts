import { createSession, keypairWallet, memorySessionStorage, toBaseUnits } from '@quietpay/sdk';
import type { Keypair } from '@solana/web3.js';
import { freePort } from '../../support/free-port';
import { eventually } from '../../support/service.process';
import { type RedisServerProcess, startRedisServer } from '../../support/redis-server.process';
import { type SessionStack, startSessionStack } from '../../support/session-stack';
import { type Fault, type FaultWindow, faultName, inject, seededRandom } from './faults';
import { type LoadClient, PaidLoad } from './paid-load';
import { openReservations, type PayerAccount, reconcile, type Reconciliation } from './reconcile';

export type SettlementMode = 'per-call' | 'batched';

/** Knobs of one chaos run (the test uses small ones, bench/chaos large ones). */
export interface ChaosOptions {
  readonly mode: SettlementMode;
  readonly seed: number;
  /** Workers per session, each calling back to back. */
  readonly concurrency: number;
  /** How long each fault may take to show a served call again after it healed (the asserted bound). */
  readonly recoveryBoundMs: number;
  /** How long, after the load stopped, reservations may stay open (the reconciler's bound + a flush). */
  readonly settleBoundMs: number;
  /** The reconciler's cadence and age bound, given to the submitter. */
  readonly reconcileIntervalMs: number;
  readonly reconcileAfterMs: number;
  /** Session caps in whole tokens (default agent 20, agent2 0.4: agent2 reaches its cap during a run). */
  readonly caps?: { readonly agent: string; readonly agent2: string };
  /** Go on injecting faults after one whose recovery passed the bound (bench/chaos); default false. */
  readonly continueWithoutRecovery?: boolean;
  /** Extra variables for every service. */
  readonly serviceEnv?: Readonly<Record<string, string>>;
  readonly log?: (line: string) => void;
}

/** One injected fault, measured. */
export interface FaultRun extends FaultWindow {
  readonly fault: string;
  /** When a call was served again after the heal (undefined: not within the bound). */
  readonly recoveredMs: number | undefined;
}

export interface ChaosResult {
  readonly seed: number;
  readonly mode: SettlementMode;
  readonly faults: readonly FaultRun[];
  readonly reconciliation: Reconciliation;
  /** Reservations still open once `settleBoundMs` had passed after the load stopped. */
  readonly openAfterBound: number;
}

/** The price the paid API charges per call (0.01 token = 10,000 base units at 6 decimals). */
export const CHAOS_PRICE = { tokens: '0.01', baseUnits: 10_000n } as const;

/** The stack under chaos: its own Redis (crashable), its own NATS, and a fixed gateway port. */
export interface ChaosStack {
  readonly stack: SessionStack;
  readonly redis: RedisServerProcess;
  stop(): Promise<void>;
}

/**
 * Every service as a process on a private redis-server (AOF) and a private nats-server, localnet
 * in process, the paid API in front of one gateway bound to a fixed port (so a restarted gateway
 * is where the paid API expects it). Stall detection and the reconciler run on short intervals so
 * a killed worker's job and a stranded settlement are picked up within seconds.
 */
export async function startChaosStack(options: ChaosOptions): Promise<ChaosStack> {
  const redis = await startRedisServer();
  const gatewayPort = await freePort();
  try {
    const stack = await startSessionStack({
      redisUrl: redis.url,
      paidApiEnv: { CHAT_PRICE: CHAOS_PRICE.tokens },
      serviceEnv: {
        SETTLEMENT_MODE: options.mode,
        BATCH_WINDOW_MS: '1000',
        SETTLEMENT_RECONCILE_INTERVAL_MS: String(options.reconcileIntervalMs),
        SETTLEMENT_RECONCILE_AFTER_MS: String(options.reconcileAfterMs),
        // Reservations no submitter saw (the gateway killed between reserve and submit) are released
        // this long after reserve: above the gateway's reserve-to-submit bound (its 5 s NATS
        // timeout), well inside settleBoundMs.
        SETTLEMENT_UNSUBMITTED_AFTER_MS: String(options.reconcileAfterMs * 3),
        SETTLEMENT_JOB_LOCK_MS: '3000',
        SETTLEMENT_STALLED_INTERVAL_MS: '1000',
        SOURCE_LOCK_TTL_MS: '3000',
        SETTLEMENT_BACKOFF_MS: '200',
        // The ledger's per-session rate limit (600/min by default) is not under test here: the batched
        // load runs above it, and its 429s would starve the fault windows of served calls.
        RATE_LIMIT_PAYMENTS_PER_SESSION: '0',
        SETTLEMENT_BACKOFF_MAX_MS: '2000',
        // The deployed defaults (the e2e stack lengthens both for a loaded machine): a NATS request
        // gives up after 5 s, /settle waits 30 s for a per-call outcome, then answers pending.
        NATS_REQUEST_TIMEOUT_MS: '5000',
        SETTLE_TIMEOUT_MS: '30000',
        ...options.serviceEnv,
      },
      serviceEnvFor: (name) => (name === 'gateway' ? { PORT: String(gatewayPort) } : undefined),
    });
    return {
      stack,
      redis,
      async stop() {
        await stack.stop();
        await redis.stop();
      },
    };
  } catch (error) {
    await redis.stop();
    throw error;
  }
}

interface PayerSpec {
  readonly payer: string;
  readonly wallet: Keypair;
  readonly cap: string;
  readonly stopAtCap: boolean;
}

/**
 * Drives one chaos run on a started stack: opens the payers' sessions, starts the load, injects
 * `faults` in order (each at a seeded random point of the load, then waits for a served call
 * again), stops the load, waits for every reservation to reach a final state and reconciles the
 * four sources.
 */
export async function runChaos(chaos: ChaosStack, faults: readonly Fault[], options: ChaosOptions): Promise<ChaosResult> {
  const { stack, redis } = chaos;
  const log = options.log ?? (() => undefined);
  const random = seededRandom(options.seed);
  const specs: PayerSpec[] = [
    { payer: 'agent', wallet: stack.wallets.agent, cap: options.caps?.agent ?? '20', stopAtCap: false },
    // A small cap that the load reaches during the run: the cap must hold through the faults too.
    { payer: 'agent2', wallet: stack.wallets.agent2, cap: options.caps?.agent2 ?? '0.4', stopAtCap: true },
  ];
  const clients: LoadClient[] = [];
  const payers: PayerAccount[] = [];
  for (const spec of specs) {
    // Setup, not the system under test: a session open that a loaded machine timed out is tried again.
    const handle = await eventually(
      () =>
        createSession({
          wallet: keypairWallet(spec.wallet),
          facilitatorUrl: stack.gatewayUrl,
          connection: stack.connection,
          cap: spec.cap,
          expiresInSeconds: 3600,
          recipient: stack.wallets.merchant.publicKey.toBase58(),
          storage: memorySessionStorage(),
        }),
      `a session for ${spec.payer}`,
      5,
      1_000,
    );
    clients.push({ payer: spec.payer, handle, stopAtCap: spec.stopAtCap });
    payers.push({
      payer: spec.payer,
      sessionId: handle.sessionId,
      wallet: spec.wallet,
      cap: toBaseUnits(spec.cap, stack.inco.decimals),
      balanceBefore: await stack.balanceOf(spec.wallet),
    });
  }
  const merchantBefore = await stack.balanceOf(stack.wallets.merchant);

  const load = new PaidLoad(stack.paidApiUrl, clients, options.concurrency);
  load.start();
  const runs: FaultRun[] = [];
  try {
    await load.until(() => load.servedSince(0) > 0, 'the first served call', options.recoveryBoundMs);
    for (const fault of faults) {
      // A random point of the load: a few more calls begun, then up to 1.5 s more.
      const target = load.startedCalls + 1 + Math.floor(random() * 4);
      await load.until(() => load.startedCalls >= target, `${target} calls to begin`, options.recoveryBoundMs);
      await new Promise((resolve) => setTimeout(resolve, Math.floor(random() * 1500)));
      const window = await inject(fault, chaos);
      let recoveredMs: number | undefined;
      try {
        await load.until(
          () => load.outcomes.some((o) => o.status === 200 && o.endedMs >= window.healedMs),
          `a served call after ${faultName(fault)}`,
          options.recoveryBoundMs,
        );
        recoveredMs = Date.now();
      } catch (error) {
        log(`${faultName(fault)}: ${(error as Error).message}`);
      }
      runs.push({ fault: faultName(fault), ...window, recoveredMs });
      log(
        `${faultName(fault)}: outage ${window.healedMs - window.startedMs} ms, served again ${recoveredMs === undefined ? 'never' : `${recoveredMs - window.healedMs} ms`} after`,
      );
      if (recoveredMs === undefined && options.continueWithoutRecovery !== true) break;
    }
  } finally {
    await load.stop();
  }

  const admin = redis.admin();
  try {
    const ledgerPrefix = stack.ledgerKeyPrefix;
    const sessionIds = payers.map((p) => p.sessionId);
    const deadline = Date.now() + options.settleBoundMs;
    let open = await openReservations(admin, ledgerPrefix, sessionIds);
    while (open > 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      open = await openReservations(admin, ledgerPrefix, sessionIds);
    }
    const reconciliation = await reconcile(
      {
        redis: admin,
        ledgerPrefix,
        submitterPrefix: stack.submitterKeyPrefix,
        connection: stack.connection,
        balanceOf: (wallet) => stack.balanceOf(wallet),
        merchant: stack.wallets.merchant,
        merchantBefore,
        price: CHAOS_PRICE.baseUnits,
      },
      payers,
      load.outcomes,
    );
    const { mismatches, ...figures } = reconciliation;
    log(`reconciled: ${JSON.stringify(figures)}${mismatches.length > 0 ? `\n  ${mismatches.slice(0, 20).join('\n  ')}` : ''}`);
    return { seed: options.seed, mode: options.mode, faults: runs, reconciliation, openAfterBound: open };
  } finally {
    admin.disconnect();
  }
}
