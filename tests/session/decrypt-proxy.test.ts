import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Connection, Keypair, PublicKey } from '@solana/web3.js';
import bs58 from 'bs58';
import nacl from 'tweetnacl';
import { type NatsConnection } from 'nats';
import { DecryptAttestedV1 } from '@quietpay/contracts';
import { BusClient, QuietpayError } from '@quietpay/platform';
import { decodeIncoAccount, incoTokenAccountAddress, resolveProgramIds, verifyAttestedDecrypt } from '@quietpay/solana';
import { buildProjects, REPO_ROOT } from '../support/build-projects';
import { freePort } from '../support/free-port';
import { startNatsServer, type NatsServerProcess } from '../support/nats-server.process';
import { serviceEnv } from '../support/quietpay-stack';
import { killAllServices, startService } from '../support/service.process';

interface LocalnetReady {
  endpoints: { rpc: string; covalidator: string };
  mints: { inco: string };
  wallets: Record<string, { publicKey: string; keypairPath: string }>;
  modules: { inco: { incoTokenProgramId: string; incoLightningProgramId: string; attestationPublicKey: string } };
}

/** localnet as its own process (tests may not import infra); resolves with its `localnet ready` report. */
async function startLocalnetProcess(): Promise<{ ready: LocalnetReady; proc: ChildProcess }> {
  const port = await freePort();
  const stateDir = mkdtempSync(join(tmpdir(), 'qp-decrypt-localnet-'));
  const proc = spawn(
    process.execPath,
    [join(REPO_ROOT, 'infra/localnet/dist/main.js'), `--port=${port}`, '--covalidator-port=0', '--payments-port=0', `--state-dir=${stateDir}`, '--slot-ms=50'],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const ready = await new Promise<LocalnetReady>((resolve, reject) => {
    createInterface({ input: proc.stdout! }).on('line', (line) => {
      if (line.startsWith('localnet ready ')) resolve(JSON.parse(line.slice('localnet ready '.length)) as LocalnetReady);
    });
    proc.once('exit', (code) => reject(new Error(`localnet exited ${code}`)));
  });
  return { ready, proc };
}

function keypairOf(ready: LocalnetReady, role: string): Keypair {
  const info = ready.wallets[role];
  if (!info) throw new Error(`no wallet ${role}`);
  return Keypair.fromSecretKey(Uint8Array.from(JSON.parse(readFileSync(info.keypairPath, 'utf8')) as number[]));
}

const signHandle = (handle: string, kp: Keypair) => bs58.encode(nacl.sign.detached(new TextEncoder().encode(handle), kp.secretKey));

async function rejection(promise: Promise<unknown>): Promise<QuietpayError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof QuietpayError) return error;
    throw error;
  }
  throw new Error('expected a rejection');
}

describe('decrypt-proxy as a process: attested decrypt against the localnet covalidator', () => {
  let localnet: ChildProcess;
  let ready: LocalnetReady;
  let natsReal: NatsServerProcess;
  let natsForged: NatsServerProcess;
  let ncReal: NatsConnection;
  let ncForged: NatsConnection;
  let forgedCovalidator: Server;
  let agentHandle: string;
  const prefix = `qp:test:decrypt:${randomBytes(4).toString('hex')}`;

  beforeAll(async () => {
    buildProjects(['services/decrypt-proxy', 'infra/localnet']);
    ({ ready, proc: localnet } = await startLocalnetProcess());
    [natsReal, natsForged] = await Promise.all([startNatsServer(), startNatsServer()]);
    ncReal = await natsReal.connect();
    ncForged = await natsForged.connect();

    // A covalidator that answers every request with a well-formed but forged attestation.
    forgedCovalidator = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ plaintext: '999999999', signature: bs58.encode(randomBytes(64)) }));
      });
    });
    await new Promise<void>((resolve) => forgedCovalidator.listen(0, '127.0.0.1', resolve));
    const forgedPort = (forgedCovalidator.address() as { port: number }).port;

    const real = startService(
      'decrypt-proxy',
      serviceEnv('decrypt-proxy', natsReal, { COVALIDATOR_URL: ready.endpoints.covalidator, DECRYPT_KEY_PREFIX: `${prefix}:real` }),
    );
    // The forged one pins the genuine key, as production does; the covalidator then lies.
    const forged = startService(
      'decrypt-proxy',
      serviceEnv('decrypt-proxy', natsForged, {
        COVALIDATOR_URL: `http://127.0.0.1:${forgedPort}`,
        ATTESTATION_PUBLIC_KEY: ready.modules.inco.attestationPublicKey,
        DECRYPT_KEY_PREFIX: `${prefix}:forged`,
      }),
    );
    await Promise.all([real.started(), forged.started()]);

    const ids = resolveProgramIds({ incoToken: ready.modules.inco.incoTokenProgramId, incoLightning: ready.modules.inco.incoLightningProgramId });
    const agent = keypairOf(ready, 'agent');
    const account = incoTokenAccountAddress(ids, agent.publicKey, new PublicKey(ready.mints.inco));
    const info = await new Connection(ready.endpoints.rpc, 'confirmed').getAccountInfo(account);
    if (!info) throw new Error('agent has no IncoToken account on localnet');
    agentHandle = decodeIncoAccount(info.data).amountHandle.toString(10);
  });

  afterAll(async () => {
    await killAllServices();
    await Promise.all([ncReal?.close(), ncForged?.close()]);
    await Promise.all([natsReal?.stop(), natsForged?.stop()]);
    forgedCovalidator?.close();
    localnet?.kill('SIGTERM');
  });

  it('decrypts the agent balance and the attestation verifies against the covalidator key', async () => {
    const agent = keypairOf(ready, 'agent');
    const bus = new BusClient(ncReal, 10_000);
    const reply = await bus.request(DecryptAttestedV1, {
      address: agent.publicKey.toBase58(),
      handles: [{ handle: agentHandle, signature: signHandle(agentHandle, agent) }],
    });
    expect(reply.result.case).toBe('ok');
    const plaintexts = reply.result.case === 'ok' ? reply.result.value.plaintexts : [];
    expect(plaintexts).toHaveLength(1);
    // localnet mints 100 USDC (6 decimals) to the agent at start.
    expect(plaintexts[0]?.plaintext).toBe('100000000');
    const check = verifyAttestedDecrypt(
      BigInt(agentHandle),
      { plaintext: plaintexts[0]?.plaintext, signature: plaintexts[0]?.attestationSignature },
      new PublicKey(ready.modules.inco.attestationPublicKey),
    );
    expect(check.ok).toBe(true);

    // Served again (from the cache this time), still only to the wallet that signs for it.
    const again = await bus.request(DecryptAttestedV1, {
      address: agent.publicKey.toBase58(),
      handles: [{ handle: agentHandle, signature: signHandle(agentHandle, agent) }],
    });
    expect(again.result.case === 'ok' ? again.result.value.plaintexts[0]?.plaintext : undefined).toBe('100000000');
  });

  it('answers not_allowed when the address holds no allowance for the handle', async () => {
    const merchant = keypairOf(ready, 'merchant');
    const bus = new BusClient(ncReal, 10_000);
    const error = await rejection(
      bus.request(DecryptAttestedV1, {
        address: merchant.publicKey.toBase58(),
        handles: [{ handle: agentHandle, signature: signHandle(agentHandle, merchant) }],
      }),
    );
    expect(error.code).toBe('not_allowed');
    expect(error.retryable).toBe(false);
  });

  it('rejects a request signature that is not the address signing the handle', async () => {
    const agent = keypairOf(ready, 'agent');
    const merchant = keypairOf(ready, 'merchant');
    const bus = new BusClient(ncReal, 10_000);
    const error = await rejection(
      bus.request(DecryptAttestedV1, {
        address: agent.publicKey.toBase58(),
        handles: [{ handle: agentHandle, signature: signHandle(agentHandle, merchant) }],
      }),
    );
    expect(error.code).toBe('bad_decrypt_signature');
  });

  it('rejects a forged attestation with attestation_invalid and never returns its plaintext', async () => {
    const agent = keypairOf(ready, 'agent');
    const bus = new BusClient(ncForged, 10_000);
    const error = await rejection(
      bus.request(DecryptAttestedV1, {
        address: agent.publicKey.toBase58(),
        handles: [{ handle: agentHandle, signature: signHandle(agentHandle, agent) }],
      }),
    );
    expect(error.code).toBe('attestation_invalid');
    expect(error.context['reason']).toBe('bad_signature');
  });
});
