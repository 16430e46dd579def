import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type OkOf,
  type PrepareApproveReply,
  SignPurpose,
  SignerDecryptAuthSignV1,
  SignerSignV1,
  SignerTransferSignV1,
  TxBuilderApprovePrepareV1,
  TxBuilderTransferBuildV2,
} from '@quietpay/contracts';
import { startLocalnet, type RunningLocalnet } from '@quietpay/infra-localnet';
import { BusClient, LedgerAuthorityKey, Secret } from '@quietpay/platform';
import {
  allowanceAddress,
  approveCheckedInstruction,
  decodeIncoAccount,
  encryptAmountForTee,
  incoTokenAccountAddress,
  resolveProgramIds,
  type SolanaProgramIds,
} from '@quietpay/solana';
import { ed25519 } from '@noble/curves/ed25519';
import { Connection, Keypair, type PublicKey, SystemProgram, type TransactionInstruction, TransactionMessage, VersionedTransaction } from '@solana/web3.js';
import bs58 from 'bs58';
import { type NatsConnection } from 'nats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildProjects } from '../support/build-projects';
import { type NatsServerProcess, startNatsServer } from '../support/nats-server.process';
import { serviceEnv, TEST_LEDGER_AUTHORITY } from '../support/quietpay-stack';
import { killAllServices, type ServiceProcess, startService } from '../support/service.process';

// The session transaction pipeline end to end: a real localnet (in process), tx-builder and signer as
// real processes on a private NATS; the test plays the SDK (user) and the submitter (sends).
let net: RunningLocalnet;
let stateDir: string;
let nats: NatsServerProcess;
let nc: NatsConnection;
let bus: BusClient;
let conn: Connection;
let ids: SolanaProgramIds;
let teeKey: string;
let signer: ServiceProcess;
const w: Record<string, Keypair> = {};
const NETWORK = 'solana:localnet';

const ata = (owner: PublicKey) => incoTokenAccountAddress(ids, owner, ids.incoMint);
const walletOf = (role: string): Keypair =>
  Keypair.fromSecretKey(Uint8Array.from(JSON.parse(readFileSync(net.wallets[role]!.keypairPath, 'utf8')) as number[]));

async function accountAfter(account: PublicKey) {
  const info = await conn.getAccountInfo(account, 'confirmed');
  if (!info) throw new Error(`no account ${account.toBase58()}`);
  return decodeIncoAccount(info.data);
}

async function decryptAs(handle: bigint, owner: Keypair): Promise<bigint> {
  const message = new TextEncoder().encode(handle.toString());
  const signature = bs58.encode(ed25519.sign(message, owner.secretKey.subarray(0, 32)));
  const res = await fetch(`${net.endpoints.covalidator}/crypto/getDecryptAttested`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ handle: handle.toString(), address: owner.publicKey.toBase58(), signature }),
  });
  if (!res.ok) throw new Error(`decrypt ${res.status}: ${await res.text()}`);
  return BigInt(((await res.json()) as { plaintext: string }).plaintext);
}

/** What the SDK does: encrypt the cap, simulate, derive the allowance PDA, rebuild, sign as owner only. */
async function userApprove(user: Keypair, facilitator: PublicKey, cap: bigint, extra: TransactionInstruction[] = []): Promise<string> {
  const base = {
    source: ata(user.publicKey),
    mint: ids.incoMint,
    delegate: facilitator,
    owner: user.publicKey,
    ciphertext: await encryptAmountForTee(cap, teeKey),
    decimals: 6,
  };
  const { blockhash } = await conn.getLatestBlockhash();
  const compile = (ixs: TransactionInstruction[]) =>
    new VersionedTransaction(new TransactionMessage({ payerKey: facilitator, recentBlockhash: blockhash, instructions: ixs }).compileToLegacyMessage());
  const sim = await conn.simulateTransaction(compile([approveCheckedInstruction(ids, base)]), {
    sigVerify: false,
    accounts: { encoding: 'base64', addresses: [base.source.toBase58()] },
  });
  const handle = decodeIncoAccount(Buffer.from(sim.value.accounts?.[0]?.data[0] ?? '', 'base64')).delegatedAmountHandle;
  const tx = compile([
    approveCheckedInstruction(ids, { ...base, grant: { allowance: allowanceAddress(ids, handle, facilitator), allowed: facilitator } }),
    ...extra,
  ]);
  tx.sign([user]);
  return Buffer.from(tx.serialize()).toString('base64');
}

async function send(signedBase64: string): Promise<string> {
  const { blockhash, lastValidBlockHeight } = await conn.getLatestBlockhash();
  const signature = await conn.sendRawTransaction(Buffer.from(signedBase64, 'base64'));
  const result = await conn.confirmTransaction({ signature, blockhash, lastValidBlockHeight }, 'confirmed');
  if (result.value.err) throw new Error(`transaction failed: ${JSON.stringify(result.value.err)}`);
  return signature;
}

beforeAll(async () => {
  buildProjects(['services/tx-builder', 'services/signer']);
  stateDir = mkdtempSync(join(tmpdir(), 'qp-txpipe-'));
  net = await startLocalnet({ rpcPort: 0, covalidatorPort: 0, stateDir, modules: { inco: true, magicblock: false }, log: () => undefined });
  conn = new Connection(net.endpoints.rpc, 'confirmed');
  const inco = net.modules['inco'] ?? {};
  ids = resolveProgramIds({
    incoToken: String(inco['incoTokenProgramId']),
    incoLightning: String(inco['incoLightningProgramId']),
    incoMint: String(inco['incoMint']),
  });
  teeKey = String(inco['teePublicKey']);
  for (const role of ['facilitator', 'merchant', 'agent', 'agent2']) w[role] = walletOf(role);
  nats = await startNatsServer();
  nc = await nats.connect();
  bus = new BusClient(nc, 20_000);
  const chain = {
    INCO_MINT: ids.incoMint.toBase58(),
    INCO_TOKEN_PROGRAM_ID: ids.incoToken.toBase58(),
    INCO_LIGHTNING_PROGRAM_ID: ids.incoLightning.toBase58(),
  };
  const txBuilder = startService(
    'tx-builder',
    serviceEnv('tx-builder', nats, {
      ...chain,
      SOLANA_RPC_URL: net.endpoints.rpc,
      COVALIDATOR_URL: net.endpoints.covalidator!,
      FACILITATOR_PUBKEY: w['facilitator']!.publicKey.toBase58(),
    }),
  );
  signer = startService(
    'signer',
    serviceEnv('signer', nats, { ...chain, TEE_PUBLIC_KEY: teeKey, FACILITATOR_KEYPAIR_PATH: net.wallets['facilitator']!.keypairPath }),
  );
  await Promise.all([txBuilder.started(), signer.started()]);
});

afterAll(async () => {
  await killAllServices();
  await nc?.close();
  await nats?.stop();
  await net?.stop();
  rmSync(stateDir, { recursive: true, force: true });
});

describe('session tx pipeline: tx-builder validates, signer co-signs, the chain agrees', () => {
  let prepared: OkOf<PrepareApproveReply>;

  it('approve: validated, co-signed and sent makes the facilitator the delegate with the signed cap', async () => {
    const [agent, facilitator, merchant] = [w['agent']!, w['facilitator']!, w['merchant']!];
    const approveTx = await userApprove(agent, facilitator.publicKey, 5_000_000n);
    const reply = await bus.request(TxBuilderApprovePrepareV1, {
      approveTxBase64: approveTx,
      user: agent.publicKey.toBase58(),
      asset: ids.incoMint.toBase58(),
      network: NETWORK,
      cap: '5000000',
      recipient: merchant.publicKey.toBase58(),
      facilitatorCreatesRecipient: false,
      maxTopUpLamports: '0',
      legacy: false,
    });
    if (reply.result.case !== 'ok') throw new Error('approve.prepare failed');
    prepared = reply.result.value;
    expect(prepared.sourceTokenAccount).toBe(ata(agent.publicKey).toBase58());
    expect(prepared.recipientTokenAccount).toBe(ata(merchant.publicKey).toBase58());
    expect(prepared.createRecipientTxBase64).toBe(''); // the localnet merchant already has an account

    const signed = await bus.request(SignerSignV1, {
      purpose: SignPurpose.SESSION_APPROVE,
      unsignedTxBase64: prepared.txBase64,
      policy: {
        user: agent.publicKey.toBase58(),
        asset: ids.incoMint.toBase58(),
        network: NETWORK,
        sessionId: 'it-approve',
        settlementId: '',
        recipient: '',
        amount: '0',
      },
    });
    if (signed.result.case !== 'ok' || signed.result.value.outcome.case !== 'signed') throw new Error(`signer refused: ${JSON.stringify(signed.result.value)}`);
    await send(signed.result.value.outcome.value.signedTxBase64);

    const account = await accountAfter(ata(agent.publicKey));
    expect(account.delegate?.toBase58()).toBe(facilitator.publicKey.toBase58());
    expect(account.delegatedAmountHandle.toString()).toBe(prepared.delegatedAmountHandle);
    // The facilitator decrypts the on-chain cap with a decrypt-auth signature from the signer.
    const auth = await bus.request(SignerDecryptAuthSignV1, { handle: prepared.delegatedAmountHandle, network: NETWORK });
    if (auth.result.case !== 'ok' || auth.result.value.outcome.case !== 'signed') throw new Error('decrypt-auth refused');
    const res = await fetch(`${net.endpoints.covalidator}/crypto/getDecryptAttested`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        handle: prepared.delegatedAmountHandle,
        address: auth.result.value.outcome.value.address,
        signature: auth.result.value.outcome.value.signature,
      }),
    });
    expect(((await res.json()) as { plaintext: string }).plaintext).toBe('5000000');
  });

  it('transfer: built, signed as delegate and sent moves the amount to the merchant', async () => {
    const [agent, merchant] = [w['agent']!, w['merchant']!];
    const before = await decryptAs((await accountAfter(ata(merchant.publicKey))).amountHandle, merchant).catch(() => 0n);
    // What session-ledger would sign for a reserved charge (this test holds the stack's ledger key).
    const ledger = LedgerAuthorityKey.fromKeypairFile(new Secret('ledger', Buffer.from(JSON.stringify(Array.from(TEST_LEDGER_AUTHORITY.secretKey)))));
    const authorization = ledger.sign({
      kind: 'charge',
      id: 'it-settle-1',
      sessionId: 'it-approve',
      amount: 1_250_000n,
      user: agent.publicKey.toBase58(),
      recipient: merchant.publicKey.toBase58(),
      mint: ids.incoMint.toBase58(),
      network: NETWORK,
      expiresAtUnix: Math.floor(Date.now() / 1000) + 300,
      members: ['it-settle-1'],
    });
    const reply = await bus.request(TxBuilderTransferBuildV2, { authorization });
    if (reply.result.case !== 'ok' || !reply.result.value.built || !reply.result.value.opening) throw new Error('transfer.build.v2 failed');
    const built = { result: { value: reply.result.value.built } };
    // The v1 sign subject never signs a settlement transfer, whatever its context claims.
    const v1 = await bus.request(SignerSignV1, {
      purpose: SignPurpose.SETTLEMENT_TRANSFER,
      unsignedTxBase64: built.result.value.unsignedTxBase64,
      policy: {
        user: agent.publicKey.toBase58(),
        recipient: merchant.publicKey.toBase58(),
        asset: ids.incoMint.toBase58(),
        network: NETWORK,
        sessionId: 'it-approve',
        settlementId: 'it-settle-1',
        amount: '1250000',
      },
    });
    expect(v1.result).toMatchObject({ case: 'ok', value: { outcome: { case: 'refused', value: { reason: 'authorization_required' } } } });
    const signed = await bus.request(SignerTransferSignV1, {
      unsignedTxBase64: built.result.value.unsignedTxBase64,
      authorization,
      opening: reply.result.value.opening,
    });
    if (signed.result.case !== 'ok' || signed.result.value.outcome.case !== 'signed') throw new Error(`signer refused: ${JSON.stringify(signed.result.value)}`);
    await send(signed.result.value.outcome.value.signedTxBase64);

    const destination = await accountAfter(ata(merchant.publicKey));
    const newDestination = built.result.value.newHandles.find((h) => h.account === ata(merchant.publicKey).toBase58());
    expect(destination.amountHandle.toString()).toBe(newDestination?.handle);
    expect(await decryptAs(destination.amountHandle, merchant)).toBe(before + 1_250_000n);
  });

  it('a malicious approve (SOL out of the facilitator) is refused by tx-builder and by the signer, and never signed', async () => {
    const [agent2, facilitator] = [w['agent2']!, w['facilitator']!];
    const drain = SystemProgram.transfer({ fromPubkey: facilitator.publicKey, toPubkey: agent2.publicKey, lamports: 1_000_000_000 });
    const approveTx = await userApprove(agent2, facilitator.publicKey, 5_000_000n, [drain]);
    const prepare = bus.request(TxBuilderApprovePrepareV1, {
      approveTxBase64: approveTx,
      user: agent2.publicKey.toBase58(),
      asset: ids.incoMint.toBase58(),
      network: NETWORK,
      cap: '5000000',
      recipient: '',
      facilitatorCreatesRecipient: false,
      maxTopUpLamports: '0',
      legacy: false,
    });
    await expect(prepare).rejects.toMatchObject({ code: 'approve_tx_rejected', context: { reason: 'unexpected_instruction' } });

    const signed = await bus.request(SignerSignV1, {
      purpose: SignPurpose.SESSION_APPROVE,
      unsignedTxBase64: approveTx,
      policy: {
        user: agent2.publicKey.toBase58(),
        asset: ids.incoMint.toBase58(),
        network: NETWORK,
        sessionId: 'it-evil',
        settlementId: '',
        recipient: '',
        amount: '0',
      },
    });
    expect(signed.result).toMatchObject({ case: 'ok', value: { outcome: { case: 'refused', value: { reason: 'moves_facilitator_funds' } } } });
    await signer.waitForLog((l) => l.msg === 'signing refused' && l['sessionId'] === 'it-evil', 'refusal log');
    expect(signer.output()).not.toContain(readFileSync(net.wallets['facilitator']!.keypairPath, 'utf8').trim());
    expect((await accountAfter(ata(agent2.publicKey))).delegate).toBeNull();
  });
});
