import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Connection, Keypair, PublicKey, Transaction } from '@solana/web3.js';
import type { TransactionInstruction } from '@solana/web3.js';
import { decrypt } from '@inco/solana-sdk/attested-decrypt';
import { ed25519 } from '@noble/curves/ed25519';
import bs58 from 'bs58';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalnet } from '../index';
import type { RunningLocalnet } from '../index';
import { verifyAttestation } from './attestation.crypto';
import { leToU128 } from './borsh.codec';
import { eciesEncrypt } from './ecies.crypto';
import { allowanceAddress, incoTokenAccountAddress } from './inco-pda.util';
import type { IncoProgramIds } from './inco-token.instructions';
import { approveCheckedIx, createIdempotentIx, transferIx } from './inco-token.instructions';

// A real localnet (LiteSVM + JSON-RPC) with the Inco module; clients speak web3.js and HTTP to it.
let net: RunningLocalnet;
let conn: Connection;
let stateDir: string;
let ids: IncoProgramIds;
let mint: PublicKey;
let teePublicKey: Uint8Array;
let attestationKey: Uint8Array;
const w: Record<string, Keypair> = {};

const ata = (owner: PublicKey): PublicKey => incoTokenAccountAddress(owner, mint, ids.incoToken);
const enc = (v: bigint): Uint8Array => eciesEncrypt(teePublicKey, new TextEncoder().encode(v.toString()));

async function handleAt(account: PublicKey, offset: number): Promise<bigint> {
  const info = await conn.getAccountInfo(account, 'confirmed');
  if (!info) throw new Error(`no account ${account.toBase58()}`);
  return leToU128(info.data.subarray(offset, offset + 16));
}

function signedTx(payer: Keypair, ixs: TransactionInstruction[], blockhash: string, signers: Keypair[] = []): Transaction {
  const tx = new Transaction({ feePayer: payer.publicKey, recentBlockhash: blockhash }).add(...ixs);
  tx.sign(payer, ...signers);
  return tx;
}

async function send(payer: Keypair, ixs: TransactionInstruction[]): Promise<void> {
  const { blockhash, lastValidBlockHeight } = await conn.getLatestBlockhash();
  const sig = await conn.sendRawTransaction(signedTx(payer, ixs, blockhash).serialize());
  const res = await conn.confirmTransaction({ signature: sig, blockhash, lastValidBlockHeight }, 'confirmed');
  if (res.value.err) throw new Error(`tx failed: ${JSON.stringify(res.value.err)}`);
}

/** Simulates to learn the handles a transaction will produce, as real clients must. */
async function simulateHandles(payer: Keypair, ixs: TransactionInstruction[], reads: { account: PublicKey; offset: number }[]): Promise<bigint[]> {
  const { blockhash } = await conn.getLatestBlockhash();
  const sim = await conn.simulateTransaction(
    signedTx(payer, ixs, blockhash),
    undefined,
    reads.map((r) => r.account),
  );
  if (sim.value.err) throw new Error(`simulation failed: ${JSON.stringify(sim.value.err)} ${sim.value.logs?.join('\n')}`);
  return (sim.value.accounts ?? []).map((a, i) => {
    const data = Buffer.from(a?.data[0] ?? '', 'base64');
    const off = reads[i]?.offset ?? 0;
    return leToU128(data.subarray(off, off + 16));
  });
}

/** Sends without preflight and returns the on-chain error, read from the recorded status. */
async function failingCode(payer: Keypair, ixs: TransactionInstruction[]): Promise<unknown> {
  const { blockhash } = await conn.getLatestBlockhash();
  const sig = await conn.sendRawTransaction(signedTx(payer, ixs, blockhash).serialize(), { skipPreflight: true });
  for (;;) {
    const status = (await conn.getSignatureStatuses([sig])).value[0];
    if (status) return status.err;
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function decryptHttp(handle: string, signer: Keypair): Promise<Response> {
  const signature = bs58.encode(ed25519.sign(new TextEncoder().encode(handle), signer.secretKey.subarray(0, 32)));
  return fetch(`${net.endpoints.covalidator}/crypto/getDecryptAttested`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ handle, address: signer.publicKey.toBase58(), signature }),
  });
}

async function plaintextOf(handle: bigint, signer: Keypair): Promise<bigint> {
  const res = await decryptHttp(handle.toString(), signer);
  if (!res.ok) throw new Error(`decrypt ${res.status}: ${await res.text()}`);
  const body = (await res.json()) as { plaintext: string };
  return BigInt(body.plaintext);
}

beforeAll(async () => {
  stateDir = mkdtempSync(join(tmpdir(), 'inco-it-'));
  net = await startLocalnet({ rpcPort: 0, covalidatorPort: 0, stateDir, modules: { inco: true, magicblock: false }, log: () => undefined });
  conn = new Connection(net.endpoints.rpc, 'confirmed');
  const info = net.modules['inco'] ?? {};
  ids = { incoToken: new PublicKey(String(info['incoTokenProgramId'])), incoLightning: new PublicKey(String(info['incoLightningProgramId'])) };
  mint = new PublicKey(String(info['incoMint']));
  teePublicKey = Buffer.from(String(info['teePublicKey']), 'hex');
  attestationKey = bs58.decode(String(info['attestationPublicKey']));
  for (const [role, wallet] of Object.entries(net.wallets)) {
    w[role] = Keypair.fromSecretKey(Uint8Array.from(JSON.parse(readFileSync(wallet.keypairPath, 'utf8')) as number[]));
  }
});

afterAll(async () => {
  await net.stop();
  rmSync(stateDir, { recursive: true, force: true });
});

describe('Inco module on a real localnet', () => {
  it('mints 100 confidential USDC to the agent at start, decryptable by the agent', async () => {
    const agent = w['agent']!;
    expect(net.mints.inco).toBe(mint.toBase58());
    const handle = await handleAt(ata(agent.publicKey), 72);
    expect(await plaintextOf(handle, agent)).toBe(100_000_000n);
    const keys = (await (await fetch(`${net.endpoints.covalidator}/keys`)).json()) as Record<string, string>;
    expect(keys['teePublicKey']).toBe(Buffer.from(teePublicKey).toString('hex'));
    expect(keys['attestationPublicKey']).toBe(bs58.encode(attestationKey));
  });

  it('approve_checked then a delegate transfer moves the amount; an underfunded one succeeds and moves 0', async () => {
    const [agent, fac, merchant] = [w['agent2']!, w['facilitator']!, w['merchant']!];
    const src = ata(agent.publicKey);
    const dst = ata(merchant.publicKey);
    const approveBase = { source: src, mint, delegate: fac.publicKey, owner: agent.publicKey, ciphertext: enc(5_000_000n), decimals: 6 };
    const [capHandle] = await simulateHandles(agent, [approveCheckedIx(ids, approveBase)], [{ account: src, offset: 123 }]);
    const [capPda] = allowanceAddress(capHandle!, fac.publicKey, ids.incoLightning);
    await send(agent, [approveCheckedIx(ids, { ...approveBase, allowance: capPda })]);
    expect(await handleAt(src, 123)).toBe(capHandle);
    expect(await plaintextOf(capHandle!, fac)).toBe(5_000_000n);

    const pay = async (amount: bigint): Promise<void> => {
      const base = { source: src, destination: dst, authority: fac.publicKey, ciphertext: enc(amount) };
      const [s, d] = await simulateHandles(
        fac,
        [transferIx(ids, base)],
        [
          { account: src, offset: 72 },
          { account: dst, offset: 72 },
        ],
      );
      const allowances = [
        allowanceAddress(s!, agent.publicKey, ids.incoLightning)[0],
        agent.publicKey,
        allowanceAddress(d!, merchant.publicKey, ids.incoLightning)[0],
        merchant.publicKey,
      ];
      await send(fac, [transferIx(ids, { ...base, allowances })]);
    };
    await pay(1_500_000n);
    expect(await plaintextOf(await handleAt(src, 72), agent)).toBe(98_500_000n);
    expect(await plaintextOf(await handleAt(dst, 72), merchant)).toBe(1_500_000n);
    // transfer neither checks nor consumes delegated_amount
    expect(await handleAt(src, 123)).toBe(capHandle);

    await pay(500_000_000n);
    expect(await plaintextOf(await handleAt(src, 72), agent)).toBe(98_500_000n);
    expect(await plaintextOf(await handleAt(dst, 72), merchant)).toBe(1_500_000n);
  });

  it('fails a stranger with 6004 and a missing destination with 3012', async () => {
    const [agent, stranger] = [w['agent']!, w['merchant']!];
    const strangerTx = transferIx(ids, {
      source: ata(agent.publicKey),
      destination: ata(stranger.publicKey),
      authority: stranger.publicKey,
      ciphertext: enc(1n),
    });
    expect(await failingCode(stranger, [strangerTx])).toEqual({ InstructionError: [0, { Custom: 6004 }] });
    const nobody = Keypair.generate().publicKey;
    const missing = transferIx(ids, { source: ata(agent.publicKey), destination: ata(nobody), authority: agent.publicKey, ciphertext: enc(1n) });
    expect(await failingCode(agent, [missing])).toEqual({ InstructionError: [0, { Custom: 3012 }] });
    // create_idempotent first makes the same transfer valid (no allowance accounts: the agent's new
    // balance handle is then not decryptable by anyone, as on devnet)
    await send(agent, [createIdempotentIx(ids, agent.publicKey, ata(nobody), nobody, mint), missing]);
  });

  it('refuses decrypt without an allowance, with a bad signature, for hex handles and bad JSON', async () => {
    const [agent, merchant] = [w['agent']!, w['merchant']!];
    const handle = (await handleAt(ata(agent.publicKey), 72)).toString();
    const denied = await decryptHttp(handle, merchant);
    expect(denied.status).toBe(403);
    expect(await denied.text()).toBe('Address is not allowed to decrypt this handle');
    const hex = await decryptHttp(`0x${BigInt(handle).toString(16)}`, agent);
    expect(hex.status).toBe(400);
    const forged = await fetch(`${net.endpoints.covalidator}/crypto/getDecryptAttested`, {
      method: 'POST',
      body: JSON.stringify({ handle, address: agent.publicKey.toBase58(), signature: bs58.encode(new Uint8Array(64)) }),
    });
    expect(forged.status).toBe(401);
    const badJson = await fetch(`${net.endpoints.covalidator}/crypto/getDecryptAttested`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"handle":',
    });
    expect(badJson.status).toBe(400);
    expect(await badJson.text()).toBe('Invalid JSON body');
    const huge = await fetch(`${net.endpoints.covalidator}/crypto/getDecryptAttested`, {
      method: 'POST',
      body: JSON.stringify({ handle: 'x'.repeat(100_000) }),
    });
    expect(huge.status).toBe(413);
  });

  it("serves @inco/solana-sdk's own decrypt(), with an attestation that verifies over sha256(hex handle ‖ u128 LE)", async () => {
    // agent2's latest balance handle carries an allowance (every transfer above granted one).
    const agent = w['agent2']!;
    const handle = (await handleAt(ata(agent.publicKey), 72)).toString();
    const expected = await plaintextOf(BigInt(handle), agent);
    expect(expected).toBeGreaterThan(0n);
    const realFetch = globalThis.fetch;
    const devnetOrigin = 'https://grpc.solana-devnet.alpha.devnet.inco.org';
    globalThis.fetch = (input, init) => {
      const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
      return realFetch(url.startsWith(devnetOrigin) ? net.endpoints.covalidator + url.slice(devnetOrigin.length) : input, init);
    };
    try {
      const result = await decrypt([handle], {
        address: agent.publicKey,
        signMessage: async (m) => ed25519.sign(m, agent.secretKey.subarray(0, 32)),
      });
      expect(result.plaintexts).toEqual([expected.toString()]);
      const sig = bs58.decode(result.signatures[0]!);
      expect(verifyAttestation(attestationKey, BigInt(handle), expected, sig)).toBe(true);
      expect(verifyAttestation(attestationKey, BigInt(handle), expected + 1n, sig)).toBe(false);
    } finally {
      globalThis.fetch = realFetch;
    }
  });

  it("accepts fixed-width (zero-padded, 39-digit) amounts, and @inco/solana-sdk's decrypt() reads the results", async () => {
    // quietpay pads every encrypted amount to 39 digits so ciphertext length never tells the amount
    // (docs/privacy.md); the covalidator must parse the padded decimal as the same value.
    // agent2: its latest balance handle carries an allowance (the transfers above granted one).
    const [agent, fac, merchant] = [w['agent2']!, w['facilitator']!, w['merchant']!];
    const encPadded = (v: bigint): Uint8Array => eciesEncrypt(teePublicKey, new TextEncoder().encode(v.toString().padStart(39, '0')));
    const [small, large] = [encPadded(7n), encPadded(123_456_789_012n)];
    expect(small.length).toBe(large.length);
    const src = ata(agent.publicKey);
    const dst = ata(merchant.publicKey);
    const approve = { source: src, mint, delegate: fac.publicKey, owner: agent.publicKey, ciphertext: encPadded(2_000_000n), decimals: 6 };
    const [capHandle] = await simulateHandles(agent, [approveCheckedIx(ids, approve)], [{ account: src, offset: 123 }]);
    await send(agent, [approveCheckedIx(ids, { ...approve, allowance: allowanceAddress(capHandle!, fac.publicKey, ids.incoLightning)[0] })]);
    expect(await plaintextOf(capHandle!, fac)).toBe(2_000_000n);
    const before = await plaintextOf(await handleAt(src, 72), agent);
    const base = { source: src, destination: dst, authority: fac.publicKey, ciphertext: encPadded(250_000n) };
    const [s, d] = await simulateHandles(
      fac,
      [transferIx(ids, base)],
      [
        { account: src, offset: 72 },
        { account: dst, offset: 72 },
      ],
    );
    const allowances = [
      allowanceAddress(s!, agent.publicKey, ids.incoLightning)[0],
      agent.publicKey,
      allowanceAddress(d!, merchant.publicKey, ids.incoLightning)[0],
      merchant.publicKey,
    ];
    await send(fac, [transferIx(ids, { ...base, allowances })]);
    const handle = (await handleAt(src, 72)).toString();
    const realFetch = globalThis.fetch;
    const devnetOrigin = 'https://grpc.solana-devnet.alpha.devnet.inco.org';
    globalThis.fetch = (input, init) => {
      const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
      return realFetch(url.startsWith(devnetOrigin) ? net.endpoints.covalidator + url.slice(devnetOrigin.length) : input, init);
    };
    try {
      const result = await decrypt([handle], { address: agent.publicKey, signMessage: async (m) => ed25519.sign(m, agent.secretKey.subarray(0, 32)) });
      expect(result.plaintexts).toEqual([(before - 250_000n).toString()]);
    } finally {
      globalThis.fetch = realFetch;
    }
  });
});
