import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Connection, Keypair, PublicKey, Transaction, TransactionInstruction } from '@solana/web3.js';
import bs58 from 'bs58';
import { connect, JSONCodec, type NatsConnection } from 'nats';
import {
  ChargeState,
  SessionChargeCommitV1,
  SessionChargeReleaseV1,
  SettlementFailedV1,
  SettlementStatus,
  SettlementSubmitV1,
  SignerSignV1,
  TxBuilderTransferBuildV1,
  type CommandContract,
  type SettlementRoute,
} from '@quietpay/contracts';
import { BusClient } from '@quietpay/platform';
import { buildProjects, REPO_ROOT } from '../support/build-projects';
import { freePort } from '../support/free-port';
import { startNatsServer, type NatsServerProcess } from '../support/nats-server.process';
import { serviceEnv } from '../support/quietpay-stack';
import { killAllServices, startService } from '../support/service.process';

const MEMO = new PublicKey('MemoSq4gqABAXKb96qnH8TysNcWxMyWCqXgDLGmfcHr');
const json = JSONCodec<{ id: string; data: unknown }>();

interface LocalnetReady {
  endpoints: { rpc: string };
  wallets: Record<string, { publicKey: string; keypairPath: string }>;
}

/** localnet as its own process (tests may not import infra); short slots so blockhashes expire quickly. */
async function startLocalnetProcess(): Promise<{ ready: LocalnetReady; proc: ChildProcess }> {
  const port = await freePort();
  const stateDir = mkdtempSync(join(tmpdir(), 'qp-submitter-localnet-'));
  const proc = spawn(process.execPath, [join(REPO_ROOT, 'infra/localnet/dist/main.js'), `--port=${port}`, '--covalidator-port=0', '--payments-port=0', `--state-dir=${stateDir}`, '--slot-ms=20'], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const ready = await new Promise<LocalnetReady>((resolve, reject) => {
    createInterface({ input: proc.stdout! }).on('line', (line) => {
      if (line.startsWith('localnet ready ')) resolve(JSON.parse(line.slice('localnet ready '.length)) as LocalnetReady);
    });
    proc.once('exit', (code) => reject(new Error(`localnet exited ${code}`)));
  });
  return { ready, proc };
}

/**
 * Answers a command subject the way a Nest handler does. Used for tx-builder, signer and the
 * ledger's commit/release while their handlers have not landed; the work they do is real
 * (real transactions on localnet, real signatures).
 */
function respond<Req, Res>(nc: NatsConnection, contract: CommandContract<Req, Res>, handle: (req: Req) => Promise<Res>): void {
  const sub = nc.subscribe(contract.subject);
  void (async () => {
    for await (const msg of sub) {
      const packet = json.decode(msg.data);
      // Not awaited: concurrent requests are served concurrently, so only the submitter can serialise them.
      void handle(contract.request.decode(packet.data)).then((reply) =>
        msg.respond(JSONCodec().encode({ id: packet.id, response: contract.reply.encode(reply), isDisposed: true })),
      );
    }
  })();
}

/** What the RPC proxy saw and did for one memo marker (`<settlementId>:<build>`). */
interface ProxyTally {
  sends: number;
  statusPolls: number;
}

/**
 * A JSON-RPC proxy in front of localnet for the submitter only. It plays a real cluster's two ways
 * for sent bytes not to land: `drop` answers the first send with the signature and forwards
 * nothing (accepted, then dropped before a leader saw it); `refuse` answers every send with a
 * preflight error (the node never forwards them).
 */
async function startRpcProxy(upstream: string, rules: Map<string, 'drop' | 'refuse'>, tallies: Map<string, ProxyTally>): Promise<{ url: string; server: Server }> {
  const signatureOf = new Map<string, string>();
  const tally = (marker: string): ProxyTally => {
    const t = tallies.get(marker) ?? { sends: 0, statusPolls: 0 };
    tallies.set(marker, t);
    return t;
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const call = JSON.parse(body) as { id: unknown; method: string; params?: unknown[] };
      const reply = (payload: Record<string, unknown>) => {
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ jsonrpc: '2.0', id: call.id, ...payload }));
      };
      if (call.method === 'sendTransaction' && typeof call.params?.[0] === 'string') {
        const wire = Buffer.from(call.params[0], 'base64');
        const marker = [...rules.keys()].find((m) => wire.includes(Buffer.from(m)));
        if (marker !== undefined) {
          const t = tally(marker);
          t.sends += 1;
          const signature = bs58.encode(wire.subarray(1, 65));
          signatureOf.set(signature, marker);
          if (rules.get(marker) === 'refuse') {
            return reply({ error: { code: -32002, message: 'Transaction simulation failed: Error processing Instruction 0: insufficient funds', data: { logs: [] } } });
          }
          if (t.sends === 1) return reply({ result: signature });
        }
      }
      if (call.method === 'getSignatureStatuses' && Array.isArray(call.params?.[0])) {
        for (const sig of call.params[0] as string[]) {
          const marker = signatureOf.get(sig);
          if (marker !== undefined) tally(marker).statusPolls += 1;
        }
      }
      void fetch(upstream, { method: 'POST', headers: { 'content-type': 'application/json' }, body }).then(
        async (r) => {
          res.setHeader('content-type', 'application/json');
          res.end(await r.text());
        },
        () => res.destroy(),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

describe('submitter as a process: idempotent, serialised per source, rebuilds on expiry, releases on failure', () => {
  let localnet: ChildProcess;
  let nats: NatsServerProcess;
  let nc: NatsConnection;
  let bus: BusClient;
  let connection: Connection;
  let facilitator: Keypair;
  let stale: { blockhash: string; lastValidBlockHeight: number };
  const builds = new Map<string, number>();
  const signedBySource = new Map<string, string[]>();
  const overlapViolations: string[] = [];
  const commits: string[] = [];
  const releases: { settlementId: string; reason: string }[] = [];
  const tag = randomBytes(4).toString('hex');
  const proxyRules = new Map<string, 'drop' | 'refuse'>([
    [`stale-drop-${tag}:2`, 'drop'],
    [`stale-nofee-${tag}:2`, 'refuse'],
  ]);
  const proxyTallies = new Map<string, ProxyTally>();
  let proxy: Server | undefined;

  const route = (source: string): SettlementRoute => ({
    sourceOwner: source,
    source,
    destinationOwner: 'merchant',
    destination: 'merchant-account',
    asset: 'mint',
    network: 'solana:localnet',
  });
  const submit = (settlementId: string, source: string) =>
    bus.request(
      SettlementSubmitV1,
      { settlementId, idempotencyKey: settlementId, sessionId: `session-${tag}`, amount: '1000', waitForConfirmation: true, route: route(source) },
      { timeoutMs: 60_000 },
    );

  beforeAll(async () => {
    buildProjects(['services/submitter', 'infra/localnet']);
    const started = await startLocalnetProcess();
    localnet = started.proc;
    const info = started.ready.wallets['facilitator'];
    if (!info) throw new Error('no facilitator wallet');
    facilitator = Keypair.fromSecretKey(Uint8Array.from(JSON.parse(readFileSync(info.keypairPath, 'utf8')) as number[]));
    connection = new Connection(started.ready.endpoints.rpc, 'confirmed');
    // A blockhash that is allowed to expire: every first build of a "stale" settlement uses it.
    stale = await connection.getLatestBlockhash('confirmed');
    while ((await connection.getBlockHeight('confirmed')) <= stale.lastValidBlockHeight) await new Promise((r) => setTimeout(r, 100));

    nats = await startNatsServer();
    nc = await connect({ servers: nats.url });
    bus = new BusClient(nc, 60_000);

    respond(nc, TxBuilderTransferBuildV1, async (req) => {
      const n = (builds.get(req.settlementId) ?? 0) + 1;
      builds.set(req.settlementId, n);
      // With the per-source lock, every earlier transfer from this source has a verdict by now.
      const earlier = signedBySource.get(req.source) ?? [];
      if (earlier.length > 0) {
        const { value } = await connection.getSignatureStatuses(earlier, { searchTransactionHistory: true });
        if (value.some((s) => s?.confirmationStatus !== 'confirmed' && s?.confirmationStatus !== 'finalized')) overlapViolations.push(req.settlementId);
      }
      const useStale = req.settlementId.includes('stale') && n === 1;
      const hash = useStale ? stale : await connection.getLatestBlockhash('confirmed');
      const tx = new Transaction({ feePayer: facilitator.publicKey, recentBlockhash: hash.blockhash }).add(
        new TransactionInstruction({ programId: MEMO, keys: [], data: Buffer.from(`${req.settlementId}:${n}`) }),
      );
      return {
        result: {
          case: 'ok' as const,
          value: {
            settlementId: req.settlementId,
            unsignedTxBase64: tx.serialize({ requireAllSignatures: false, verifySignatures: false }).toString('base64'),
            recentBlockhash: hash.blockhash,
            lastValidBlockHeight: String(hash.lastValidBlockHeight),
            newHandles: [],
            createsDestination: false,
          },
        },
      };
    });
    respond(nc, SignerSignV1, async (req) => {
      if (req.policy?.settlementId.includes('refuse')) return { result: { case: 'ok' as const, value: { outcome: { case: 'refused' as const, value: { reason: 'unexpected_program', detail: '' } } } } };
      const tx = Transaction.from(Buffer.from(req.unsignedTxBase64, 'base64'));
      tx.partialSign(facilitator);
      const signature = bs58.encode(tx.signature!);
      const source = req.policy?.user ?? '';
      signedBySource.set(source, [...(signedBySource.get(source) ?? []), signature]);
      return { result: { case: 'ok' as const, value: { outcome: { case: 'signed' as const, value: { signedTxBase64: tx.serialize().toString('base64'), signature } } } } };
    });
    const charge = (settlementId: string, state: ChargeState) => ({
      result: { case: 'ok' as const, value: { settlementId, sessionId: `session-${tag}`, idempotencyKey: settlementId, amount: '1000', state, spent: '0', cap: '0', duplicate: false, payer: '' } },
    });
    respond(nc, SessionChargeCommitV1, async (req) => {
      commits.push(req.settlementId);
      return charge(req.settlementId, ChargeState.COMMITTED);
    });
    respond(nc, SessionChargeReleaseV1, async (req) => {
      releases.push({ settlementId: req.settlementId, reason: req.reason });
      return charge(req.settlementId, ChargeState.RELEASED);
    });

    const rpcProxy = await startRpcProxy(started.ready.endpoints.rpc, proxyRules, proxyTallies);
    proxy = rpcProxy.server;
    const submitter = startService(
      'submitter',
      serviceEnv('submitter', nats.url, {
        SOLANA_RPC_URL: rpcProxy.url,
        SUBMITTER_KEY_PREFIX: `qp:test:submitter:${tag}`,
        BULLMQ_PREFIX: `qp:test:bull:${tag}`,
        SUBMITTER_CONCURRENCY: '4',
        CONFIRM_POLL_MS: '50',
        SOURCE_LOCK_BUSY_DELAY_MS: '50',
        SETTLEMENT_BACKOFF_MS: '100',
        SETTLEMENT_WAIT_MS: '45000',
      }),
    );
    await submitter.started();
  });

  afterAll(async () => {
    await killAllServices();
    await nc?.close();
    await nats?.stop();
    localnet?.kill('SIGTERM');
    proxy?.close();
  });

  it('the same settlement id submitted twice concurrently makes one job, one transfer, one commit', async () => {
    const id = `dup-${tag}`;
    const [a, b] = await Promise.all([submit(id, `src-dup-${tag}`), submit(id, `src-dup-${tag}`)]);
    const receipts = [a, b].map((r) => (r.result.case === 'ok' ? r.result.value : undefined));
    expect(receipts.map((r) => r?.status)).toEqual([SettlementStatus.SETTLED, SettlementStatus.SETTLED]);
    expect(receipts[0]?.signature).toBe(receipts[1]?.signature);
    expect(receipts.filter((r) => r?.duplicate)).toHaveLength(1);
    expect(builds.get(id)).toBe(1);
    expect(signedBySource.get(`src-dup-${tag}`)).toHaveLength(1);
    expect(commits.filter((c) => c === id)).toHaveLength(1);
    const status = await connection.getSignatureStatuses([receipts[0]?.signature ?? ''], { searchTransactionHistory: true });
    expect(status.value[0]?.confirmationStatus).toMatch(/confirmed|finalized/);
  });

  it('serialises settlements from one source: no build starts while another transfer from it is unconfirmed', async () => {
    const source = `src-lock-${tag}`;
    const ids = [1, 2, 3].map((n) => `lock-${n}-${tag}`);
    const replies = await Promise.all(ids.map((id) => submit(id, source)));
    expect(replies.map((r) => (r.result.case === 'ok' ? r.result.value.status : undefined))).toEqual(ids.map(() => SettlementStatus.SETTLED));
    expect(signedBySource.get(source)).toHaveLength(3);
    expect(overlapViolations.filter((v) => ids.includes(v))).toEqual([]);
  });

  it('rebuilds and re-signs after an expired blockhash; only the rebuilt transaction lands', async () => {
    const id = `stale-${tag}`;
    const reply = await submit(id, `src-stale-${tag}`);
    const receipt = reply.result.case === 'ok' ? reply.result.value : undefined;
    expect(receipt?.status).toBe(SettlementStatus.SETTLED);
    expect(builds.get(id)).toBe(2);
    const [first, second] = signedBySource.get(`src-stale-${tag}`) ?? [];
    expect(receipt?.signature).toBe(second);
    const { value } = await connection.getSignatureStatuses([first ?? '', second ?? ''], { searchTransactionHistory: true });
    expect(value[0]).toBeNull();
    expect(value[1]?.confirmationStatus).toMatch(/confirmed|finalized/);
  });

  it('a terminal failure releases the charge and publishes settlement.failed with the reason', async () => {
    const id = `refuse-${tag}`;
    const reply = await submit(id, `src-refuse-${tag}`);
    const receipt = reply.result.case === 'ok' ? reply.result.value : undefined;
    expect(receipt).toMatchObject({ status: SettlementStatus.FAILED, failureReason: 'sign_refused', signature: '' });
    expect(releases).toContainEqual({ settlementId: id, reason: 'sign_refused' });
    expect(commits).not.toContain(id);
    const jsm = await nc.jetstreamManager();
    const stored = await jsm.streams.getMessage(SettlementFailedV1.stream, { last_by_subj: SettlementFailedV1.subject });
    const event = SettlementFailedV1.payload.decode(JSONCodec().decode(stored.data));
    expect(event).toMatchObject({ settlementId: id, reason: 'sign_refused' });
  });

  // The stall: after "blockhash expired without landing, rebuilding" the rebuilt bytes were sent
  // once and then only watched, so bytes that never reached a leader held the source lock until
  // their own blockhash expired (150 blocks, a minute at 400 ms slots) and were then rebuilt again.
  it('re-broadcasts rebuilt bytes that were dropped after the send instead of waiting for their blockhash to expire', async () => {
    const id = `stale-drop-${tag}`;
    const reply = await submit(id, `src-drop-${tag}`);
    const receipt = reply.result.case === 'ok' ? reply.result.value : undefined;
    expect(receipt?.status).toBe(SettlementStatus.SETTLED);
    // Two builds: the stale one and the rebuild; the dropped rebuild was sent again, not rebuilt a third time.
    expect(builds.get(id)).toBe(2);
    expect(proxyTallies.get(`${id}:2`)?.sends).toBeGreaterThanOrEqual(2);
    const [, second] = signedBySource.get(`src-drop-${tag}`) ?? [];
    expect(receipt?.signature).toBe(second);
    const { value } = await connection.getSignatureStatuses([second ?? ''], { searchTransactionHistory: true });
    expect(value[0]?.confirmationStatus).toMatch(/confirmed|finalized/);
  });

  it('releases at once when the node refused the rebuilt bytes: no polling them until their blockhash expires', async () => {
    const id = `stale-nofee-${tag}`;
    const reply = await submit(id, `src-nofee-${tag}`);
    const receipt = reply.result.case === 'ok' ? reply.result.value : undefined;
    expect(receipt).toMatchObject({ status: SettlementStatus.FAILED, failureReason: 'insufficient_funds' });
    expect(releases).toContainEqual({ settlementId: id, reason: 'insufficient_funds' });
    expect(commits).not.toContain(id);
    expect(builds.get(id)).toBe(2);
    // Sent once (refused), looked up once: the bytes never left the node, so nothing is waited for.
    expect(proxyTallies.get(`${id}:2`)).toEqual({ sends: 1, statusPolls: 1 });
  });
});
