import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { buildApproveTransaction, decryptBalance, keypairWallet } from '@quietpay/sdk';
import { buildAttestedDecryptRequest, decodeIncoAccount, encryptAmountForTee, verifyAttestedDecrypt } from '@quietpay/solana';
import { Connection, Keypair, PublicKey, Transaction } from '@solana/web3.js';
import bs58 from 'bs58';
import nacl from 'tweetnacl';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/free-port';

// The SDK's session-opening transaction against a real localnet (its own process: tests may not
// import infra): simulate → handle → allowance → rebuild, then co-signed by the facilitator as the
// gateway would, sent, and checked on chain.
const REPO_ROOT = join(__dirname, '..', '..');

interface LocalnetReady {
  endpoints: { rpc: string; covalidator: string };
  wallets: Record<string, { publicKey: string; keypairPath: string }>;
  modules: { inco: { incoTokenProgramId: string; incoLightningProgramId: string; incoMint: string; teePublicKey: string; attestationPublicKey: string } };
}

let proc: ChildProcess;
let stateDir: string;
let ready: LocalnetReady;
let connection: Connection;
let ids: { incoToken: PublicKey; incoLightning: PublicKey };
let mint: PublicKey;
let teePublicKey: string;
let attestationKey: string;
const wallets: Record<string, Keypair> = {};

beforeAll(async () => {
  const port = await freePort();
  stateDir = mkdtempSync(join(tmpdir(), 'qp-sdk-approve-'));
  proc = spawn(
    process.execPath,
    [join(REPO_ROOT, 'infra/localnet/dist/main.js'), `--port=${port}`, '--covalidator-port=0', '--payments-port=0', `--state-dir=${stateDir}`, '--slot-ms=50'],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  ready = await new Promise<LocalnetReady>((resolve, reject) => {
    createInterface({ input: proc.stdout! }).on('line', (line) => {
      if (line.startsWith('localnet ready ')) resolve(JSON.parse(line.slice('localnet ready '.length)) as LocalnetReady);
    });
    proc.once('exit', (code) => reject(new Error(`localnet exited ${code}`)));
  });
  connection = new Connection(ready.endpoints.rpc, 'confirmed');
  const inco = ready.modules.inco;
  ids = { incoToken: new PublicKey(inco.incoTokenProgramId), incoLightning: new PublicKey(inco.incoLightningProgramId) };
  mint = new PublicKey(inco.incoMint);
  teePublicKey = inco.teePublicKey;
  attestationKey = inco.attestationPublicKey;
  for (const [role, w] of Object.entries(ready.wallets)) {
    wallets[role] = Keypair.fromSecretKey(Uint8Array.from(JSON.parse(readFileSync(w.keypairPath, 'utf8')) as number[]));
  }
});

afterAll(async () => {
  if (proc.exitCode === null) {
    const exited = new Promise((r) => proc.once('exit', r));
    proc.kill('SIGTERM');
    await exited;
  }
  rmSync(stateDir, { recursive: true, force: true });
});

describe('createSession transaction building on a real localnet', () => {
  it('builds an approve the facilitator can co-sign, making it delegate of a cap it can decrypt', async () => {
    const agent = wallets['agent']!;
    const facilitator = wallets['facilitator']!;
    const cap = 3_000_000n;
    const built = await buildApproveTransaction({
      connection,
      programIds: ids,
      mint,
      owner: agent.publicKey,
      spender: facilitator.publicKey,
      feePayer: facilitator.publicKey,
      ciphertext: await encryptAmountForTee(cap, teePublicKey),
      decimals: 6,
    });
    // The SDK builds the transaction without web3.js; web3.js reads its bytes as the gateway would.
    const keys = Transaction.from(built.transaction.serialize()).instructions[0]!.keys.map((k) => k.pubkey.toBase58());
    expect(keys.slice(-2)).toEqual([built.allowance.toBase58(), facilitator.publicKey.toBase58()]);

    const signedBySdk = await keypairWallet(agent).signTransaction(built.transaction);
    const signed = Transaction.from(signedBySdk.serialize());
    expect(signed.signatures.find((s) => s.publicKey.equals(facilitator.publicKey))?.signature).toBeNull();
    signed.partialSign(facilitator);
    const sig = await connection.sendRawTransaction(signed.serialize());
    const { value } = await connection.confirmTransaction(sig, 'confirmed');
    expect(value.err).toBeNull();

    const account = decodeIncoAccount((await connection.getAccountInfo(new PublicKey(built.sourceAccount.toBytes()), 'confirmed'))!.data);
    expect(account.delegate?.toBase58()).toBe(facilitator.publicKey.toBase58());
    expect(account.delegatedAmountHandle).toBe(built.delegatedAmountHandle);
    const body = await buildAttestedDecryptRequest(account.delegatedAmountHandle, facilitator.publicKey, (m) => nacl.sign.detached(m, facilitator.secretKey));
    const res = await fetch(`${ready.endpoints.covalidator}/crypto/getDecryptAttested`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const verdict = verifyAttestedDecrypt(account.delegatedAmountHandle, await res.json(), new PublicKey(bs58.decode(attestationKey)));
    expect(verdict).toEqual({ ok: true, plaintext: cap });
  });

  it('decryptBalance reads the agent balance with a verified attestation and refuses a wrong key', async () => {
    const opts = {
      wallet: keypairWallet(wallets['agent']!),
      connection,
      covalidatorUrl: ready.endpoints.covalidator,
      mint,
      incoTokenProgramId: ids.incoToken,
      incoLightningProgramId: ids.incoLightning,
    };
    expect(await decryptBalance({ ...opts, attestationPublicKey: attestationKey })).toBe(100_000_000n);
    expect(await decryptBalance(opts)).toBe(100_000_000n);
    await expect(decryptBalance({ ...opts, attestationPublicKey: bs58.encode(Keypair.generate().publicKey.toBytes()) })).rejects.toMatchObject({
      code: 'attestation_invalid',
    });
    expect(await decryptBalance({ ...opts, wallet: keypairWallet(Keypair.generate()) })).toBe(0n);
  });
});
