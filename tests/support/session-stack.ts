import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NatsConnection } from 'nats';
import { startLocalnet, type RunningLocalnet } from '@quietpay/infra-localnet';
import { decryptBalance, keypairWallet } from '@quietpay/sdk';
import { Connection, Keypair } from '@solana/web3.js';
import { NATS_ADMIN_USER } from '@quietpay/platform';
import { buildProjects } from './build-projects';
import { startNatsCluster, startNatsServer, type NatsServerProcess } from './nats-server.process';
import { createRedisUsers, type RedisUsers } from './redis-users';
import { deleteRunKeys, redisKeyPrefixes } from './stack-scripts';
import { ALL_SERVICES, type StackService, testStackEnv } from './quietpay-stack';
import { eventually, type ServiceProcess, startScript, startService } from './service.process';

/** The Inco facts the localnet reported, as every service and client must use them. */
export interface IncoFacts {
  readonly mint: string;
  readonly decimals: number;
  readonly incoTokenProgramId: string;
  readonly incoLightningProgramId: string;
  readonly teePublicKey: string;
  readonly attestationPublicKey: string;
}

export type DevWallet = 'agent' | 'agent2' | 'merchant' | 'facilitator';

export interface SessionStackOptions {
  /** Gateway replicas (each its own process and port); default 1. */
  readonly gateways?: number;
  /** session-ledger replicas (one NATS queue group); default 1. */
  readonly ledgers?: number;
  /** crank-keeper replicas (one leader through the Redis lease); default 1. */
  readonly crankKeepers?: number;
  /**
   * A NATS cluster of this many nats-servers joined by routes instead of one server; the
   * services are handed the nodes in turn, so they connect to different nodes.
   */
  readonly natsCluster?: number;
  /**
   * Extra variables for every service process (not the paid API), applied last: e.g. a trace
   * receiver's `otelEnv()` so all eight services export to it.
   */
  readonly serviceEnv?: Readonly<Record<string, string>>;
  /**
   * Extra variables for one service, applied after `serviceEnv`, given the chain's endpoints: e.g.
   * point the submitter's SOLANA_RPC_URL at a fault-injecting proxy in front of `chain.rpc`.
   */
  readonly serviceEnvFor?: (name: StackService, chain: { readonly rpc: string }) => Readonly<Record<string, string>> | undefined;
  /** Recipients registered in session-ledger's config besides the merchant (REGISTERED_RECIPIENTS). */
  readonly registeredRecipients?: readonly string[];
  /**
   * The Redis every service uses (default the shared one on 6379): e.g. a private redis-server
   * (tests/support/redis-server.process.ts) a test crashes and restarts.
   */
  readonly redisUrl?: string;
  /**
   * A Redis Cluster instead (tests/support/redis-cluster.process.ts): every service gets
   * REDIS_CLUSTER_NODES, every node the run's ACL users.
   */
  readonly redisCluster?: { readonly nodes: string; readonly urls: readonly string[] };
  /** Extra variables for examples/paid-api (e.g. CHAT_PRICE). */
  readonly paidApiEnv?: Readonly<Record<string, string>>;
}

export interface SessionStack {
  /** This run's key prefix: every Redis key of the stack starts with `${run}:`. */
  readonly run: string;
  /** session-ledger's key prefix (its keys are `<prefix>s:{sessionId}:…`). */
  readonly ledgerKeyPrefix: string;
  /** The submitter's key prefix (`<prefix>:settlements:open`, …). */
  readonly submitterKeyPrefix: string;
  readonly net: RunningLocalnet;
  readonly connection: Connection;
  readonly inco: IncoFacts;
  readonly wallets: Readonly<Record<DevWallet, Keypair>>;
  readonly gatewayUrls: readonly string[];
  /** The first gateway: what the SDK and the paid API talk to unless a test says otherwise. */
  readonly gatewayUrl: string;
  /** examples/paid-api (POST /api/chat, 0.5 USDC) in front of the first gateway. */
  readonly paidApiUrl: string;
  readonly processes: readonly ServiceProcess[];
  /** The stack's private nats-server (for tests that read its JetStream events). */
  readonly natsUrl: string;
  /** The stack's private nats-server itself, for tests that crash and restart it. */
  readonly nats: NatsServerProcess;
  /** A connection to the stack's NATS as `user` (default: the operator, every subject). */
  connectNats(user?: string): Promise<NatsConnection>;
  /** The wallet's confidential balance, decrypted through the covalidator with a pinned attestation key. */
  balanceOf(wallet: Keypair): Promise<bigint>;
  /**
   * SIGKILLs the (first) running process of `name`; the returned function starts it again with the
   * same environment (plus any `overrides`) and resolves once it is up. For crash and outage tests.
   */
  kill(name: StackService): Promise<(overrides?: Readonly<Record<string, string>>) => Promise<ServiceProcess>>;
  /**
   * Starts one more replica of `name` with the first one's environment and `env` on top (e.g.
   * its own RPC URL), resolving once it is up; stopped with the stack.
   */
  addReplica(name: StackService, env?: Readonly<Record<string, string>>): Promise<ServiceProcess>;
  /** The environment a service process was started with (its NATS_URL says which node it uses). */
  envOf(process: ServiceProcess): Readonly<Record<string, string>> | undefined;
  /** Everything every process printed, for a failing test's message. */
  output(): string;
  stop(): Promise<void>;
}

/** The admin API's own NATS user (used only when a test turns the admin API on with ADMIN_KEYS_FILE). */
function adminNatsEnv(nats: NatsServerProcess): Record<string, string> {
  return { ADMIN_NATS_USER: NATS_ADMIN_USER, ADMIN_NATS_PASSWORD_FILE: nats.envFor(NATS_ADMIN_USER)['NATS_PASSWORD_FILE'] ?? '' };
}

const PROJECTS = [...ALL_SERVICES.map((s) => `services/${s}`), 'examples/paid-api'];

function stringFact(info: Record<string, unknown> | undefined, key: string): string {
  const value = info?.[key];
  if (typeof value !== 'string' || value === '') throw new Error(`localnet inco module reported no ${key}`);
  return value;
}

function loadKeypair(path: string): Keypair {
  return Keypair.fromSecretKey(Uint8Array.from(JSON.parse(readFileSync(path, 'utf8')) as number[]));
}

/**
 * The whole session-scheme stack for end-to-end tests, for real: localnet in process (chain,
 * Inco covalidator, payments API), a private nats-server, the shared Redis under a per-run key
 * prefix, the eight services as processes (with `gateways` × gateway and `ledgers` ×
 * session-ledger) and examples/paid-api as a process. The env each service gets is
 * scripts/stack/services.mjs's (the one builder), with ephemeral ports and per-run prefixes.
 *
 * @example
 * const stack = await startSessionStack({ gateways: 2, ledgers: 2 });
 * const session = await createSession({ wallet: keypairWallet(stack.wallets.agent), facilitatorUrl: stack.gatewayUrl, ... });
 * await stack.stop();
 */
export async function startSessionStack(options: SessionStackOptions = {}): Promise<SessionStack> {
  buildProjects(PROJECTS);
  const stateDir = mkdtempSync(join(tmpdir(), 'qp-e2e-'));
  const run = `e2e-${process.pid}-${randomBytes(4).toString('hex')}`;
  const redisUrl = options.redisCluster?.urls[0] ?? options.redisUrl ?? 'redis://127.0.0.1:6379';
  const redisUrls = options.redisCluster?.urls ?? [redisUrl];
  const clusterEnv: Record<string, string> = options.redisCluster ? { REDIS_CLUSTER_NODES: options.redisCluster.nodes } : {};
  const processes: ServiceProcess[] = [];
  const envOf = new Map<ServiceProcess, Record<string, string>>();
  const exitedSet = new Set<ServiceProcess>();
  // Processes killed and replaced: their output still belongs in `output()`.
  const retired: ServiceProcess[] = [];
  let net: RunningLocalnet | undefined;
  let nats: NatsServerProcess | undefined;
  let redisUsers: RedisUsers | undefined;

  const stop = async (): Promise<void> => {
    // SIGTERM first so services drain and close their Redis/NATS connections; SIGKILL stragglers.
    await Promise.all(
      processes.map(async (p) => {
        p.signal('SIGTERM');
        const timer = setTimeout(() => void p.kill(), 10_000);
        await p.exited;
        clearTimeout(timer);
      }),
    );
    await nats?.stop();
    await net?.stop();
    await redisUsers?.remove();
    await deleteRunKeys(redisUrls, run);
    rmSync(stateDir, { recursive: true, force: true });
  };

  try {
    net = await startLocalnet({ rpcPort: 0, covalidatorPort: 0, paymentsPort: 0, slotMs: 100, stateDir, log: () => undefined });
    const incoInfo = net.modules['inco'];
    const inco: IncoFacts = {
      mint: net.mints.inco ?? stringFact(incoInfo, 'incoMint'),
      decimals: typeof incoInfo?.['incoMintDecimals'] === 'number' ? incoInfo['incoMintDecimals'] : 6,
      incoTokenProgramId: stringFact(incoInfo, 'incoTokenProgramId'),
      incoLightningProgramId: stringFact(incoInfo, 'incoLightningProgramId'),
      teePublicKey: stringFact(incoInfo, 'teePublicKey'),
      attestationPublicKey: stringFact(incoInfo, 'attestationPublicKey'),
    };
    const covalidatorUrl = net.endpoints.covalidator;
    const paymentsUrl = net.endpoints.payments;
    if (covalidatorUrl === undefined || paymentsUrl === undefined) throw new Error('localnet started without its covalidator or payments API');
    const wallet = (role: DevWallet): Keypair => {
      const info = net?.wallets[role];
      if (!info) throw new Error(`localnet has no ${role} wallet`);
      return loadKeypair(info.keypairPath);
    };
    const wallets: Record<DevWallet, Keypair> = {
      agent: wallet('agent'),
      agent2: wallet('agent2'),
      merchant: wallet('merchant'),
      facilitator: wallet('facilitator'),
    };

    nats = options.natsCluster !== undefined ? await startNatsCluster(options.natsCluster) : await startNatsServer();
    // Each service as its own Redis ACL user, allowed only this run's keys.
    redisUsers = await createRedisUsers(run, `${run}:*`, redisUrls);
    const registeredRecipients = [wallets.merchant.publicKey.toBase58(), ...(options.registeredRecipients ?? [])];
    const perService: Partial<Record<StackService, Record<string, string>>> = {
      // A loaded 2-core machine confirms slowly: let /settle wait rather than answer pending.
      gateway: { SETTLE_TIMEOUT_MS: '90000', OPEN_SESSION_TIMEOUT_MS: '90000', ...adminNatsEnv(nats) },
    };
    const replicas = (name: StackService): number =>
      name === 'gateway'
        ? (options.gateways ?? 1)
        : name === 'session-ledger'
          ? (options.ledgers ?? 1)
          : name === 'crank-keeper'
            ? (options.crankKeepers ?? 1)
            : 1;
    const gateways: ServiceProcess[] = [];
    for (const name of ALL_SERVICES) {
      for (let i = 0; i < replicas(name); i += 1) {
        // What scripts/stack/services.mjs gives `npm run stack`, on ephemeral ports, plus the tests' values.
        const env = {
          ...testStackEnv(name, net, { bus: nats, namespace: run, redisUrl, registeredRecipients }),
          ...clusterEnv,
          ...redisUsers.envFor(name),
          ...perService[name],
          INSTANCE_ID: `${name}-${i}-${run}`,
          NATS_REQUEST_TIMEOUT_MS: '30000',
          ...options.serviceEnv,
          ...options.serviceEnvFor?.(name, { rpc: net.endpoints.rpc }),
        };
        const proc = startService(name, env);
        envOf.set(proc, env);
        processes.push(proc);
        if (name === 'gateway') gateways.push(proc);
      }
    }
    await Promise.all(processes.map((p) => p.started()));
    const gatewayUrls = await Promise.all(gateways.map(async (g) => `http://127.0.0.1:${await g.started()}`));
    const gatewayUrl = gatewayUrls[0]!;
    // /supported offers the session kind only once the gateway has its chain facts.
    for (const url of gatewayUrls) {
      await eventually(async () => {
        const res = await fetch(`${url}/supported`);
        const body = (await res.json()) as { kinds?: { scheme: string }[] };
        return body.kinds?.some((k) => k.scheme === 'session') === true ? true : undefined;
      }, `${url}/supported to offer the session scheme`);
    }

    const paidApi = startScript('paid-api', 'examples/paid-api/dist/main.js', {
      PORT: '0',
      FACILITATOR_URL: gatewayUrl,
      MERCHANT: wallets.merchant.publicKey.toBase58(),
      ...options.paidApiEnv,
    });
    processes.push(paidApi);
    const ready = await paidApi.waitForLog((l) => typeof l.msg === 'string' && l.msg.startsWith('paid-api ready '), 'paid-api ready');
    const paidApiUrl = (JSON.parse(ready.msg!.slice('paid-api ready '.length)) as { url: string }).url;

    const connection = new Connection(net.endpoints.rpc, 'confirmed');
    return {
      run,
      ledgerKeyPrefix: redisKeyPrefixes('session-ledger', run)['LEDGER_KEY_PREFIX']!,
      submitterKeyPrefix: redisKeyPrefixes('submitter', run)['SUBMITTER_KEY_PREFIX']!,
      net,
      connection,
      inco,
      wallets,
      gatewayUrls,
      gatewayUrl,
      paidApiUrl,
      processes,
      natsUrl: nats.url,
      nats,
      connectNats: (user) => nats!.connect(user),
      balanceOf: (owner) =>
        decryptBalance({
          wallet: keypairWallet(owner),
          connection,
          covalidatorUrl,
          mint: inco.mint,
          incoTokenProgramId: inco.incoTokenProgramId,
          incoLightningProgramId: inco.incoLightningProgramId,
          attestationPublicKey: inco.attestationPublicKey,
        }),
      kill: async (name) => {
        const victim = processes.find((p) => p.name === name && p.pid !== undefined && envOf.has(p) && !exitedSet.has(p));
        if (!victim) throw new Error(`no running ${name} to kill`);
        exitedSet.add(victim);
        await victim.kill();
        const killedEnv = envOf.get(victim)!;
        // `overrides` start it changed (e.g. another SETTLEMENT_MODE; a gateway's old PORT keeps its URL).
        return async (overrides = {}) => {
          const env = { ...killedEnv, ...overrides };
          const next = startService(name, env);
          envOf.set(next, env);
          processes[processes.indexOf(victim)] = next;
          retired.push(victim);
          await next.started();
          return next;
        };
      },
      addReplica: async (name, extra = {}) => {
        const first = processes.find((p) => p.name === name && envOf.has(p));
        if (!first) throw new Error(`no ${name} to copy`);
        const env = { ...envOf.get(first)!, INSTANCE_ID: `${name}-${processes.length}-${run}`, ...extra };
        const proc = startService(name, env);
        envOf.set(proc, env);
        processes.push(proc);
        await proc.started();
        return proc;
      },
      envOf: (p) => envOf.get(p),
      output: () => [...retired, ...processes].map((p) => `--- ${p.name}${retired.includes(p) ? ' (killed)' : ''}\n${p.output()}`).join('\n'),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
