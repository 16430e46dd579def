import { Keypair, LAMPORTS_PER_SOL, PublicKey, Transaction } from '@solana/web3.js';
import { getAssociatedTokenAddressSync } from '@solana/spl-token';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalChainCore } from '../chain/local-chain';
import type { LocalnetModule } from '../emulation/types';
import { createMagicBlockModule, defaultMagicBlockOptions } from './index';
import { createUsdcMint, fundedWallet } from './magicblock.fixture';
import { eventually, paymentsClient, type PaymentsClient } from './payments-api.client.fixture';
import { decodeQueueState } from './queue-account.codec';

// startLocalnet does not forward crankIdleStopMs, so this test composes the real chain core and
// the module itself to get a short idle window.
const CRANK_MS = 50;
const IDLE_MS = 400;

describe('transfer-queue crank idles out without kicks', () => {
  let chain: LocalChainCore;
  let mb: LocalnetModule;
  let api: PaymentsClient;
  let mint: PublicKey;
  let agent: Keypair;
  let queue: PublicKey;

  beforeAll(async () => {
    chain = new LocalChainCore({ slotMs: 50 });
    chain.start();
    mb = createMagicBlockModule({ ...defaultMagicBlockOptions(), crankIntervalMs: CRANK_MS, crankIdleStopMs: IDLE_MS });
    for (const p of mb.programs) chain.registerProgram(p);
    const authority = Keypair.generate();
    await chain.airdrop(authority.publicKey, BigInt(10 * LAMPORTS_PER_SOL));
    mint = await createUsdcMint(chain, authority);
    agent = await fundedWallet(chain, mint, authority, 5_000_000n);
    const started = await mb.start(chain, { wallets: { agent, mintAuthority: authority }, usdcMint: mint, stateDir: '' });
    api = paymentsClient(started.endpoints?.payments ?? '');
    queue = new PublicKey(String(started.info?.transferQueue));
  });

  afterAll(async () => {
    await mb.stop();
    chain.stop();
  });

  const crankStatus = async () => (await api.get('transfer-queue/status')).json as { running: boolean; ticks: number; settled: number };
  const recipientBalance = (owner: PublicKey): bigint => {
    const acc = chain.getAccount(getAssociatedTokenAddressSync(mint, owner));
    return acc && acc.lamports > 0n ? Buffer.from(acc.data).readBigUInt64LE(64) : 0n;
  };
  const pending = (): number => decodeQueueState(chain.getAccount(queue)?.data ?? new Uint8Array())?.entries.length ?? -1;

  it('settles nothing after going idle until is-mint-initialized kicks it again', async () => {
    await eventually(async () => ((await crankStatus()).running ? undefined : true));
    const idle = await crankStatus();

    const recipient = Keypair.generate().publicKey;
    const res = await api.post('transfer', {
      from: agent.publicKey.toBase58(),
      to: recipient.toBase58(),
      mint: mint.toBase58(),
      amount: '5000',
      visibility: 'private',
      fromBalance: 'base',
      toBalance: 'base',
      cluster: 'localnet',
      clientRefId: '31337',
    });
    expect(res.status).toBe(200);
    const tx = Transaction.from(Buffer.from(String(res.json.transactionBase64), 'base64'));
    tx.partialSign(agent);
    await chain.sendTransaction(tx.serialize());
    expect(pending()).toBe(1);

    // Many crank periods pass; a stopped crank ticks zero times, so the entry must still be queued.
    await new Promise((r) => setTimeout(r, CRANK_MS * 10));
    const stillIdle = await crankStatus();
    expect(stillIdle.running).toBe(false);
    expect(stillIdle.ticks).toBe(idle.ticks);
    expect(pending()).toBe(1);
    expect(recipientBalance(recipient)).toBe(0n);

    const kick = await api.get(`is-mint-initialized?mint=${mint.toBase58()}&cluster=localnet`);
    expect(kick.json.initialized).toBe(true);
    expect((await crankStatus()).running).toBe(true);
    await eventually(() => (recipientBalance(recipient) === 5_000n ? true : undefined));
    expect(pending()).toBe(0);
  });

  it('a forced ensure-crank run settles even while idle', async () => {
    await eventually(async () => ((await crankStatus()).running ? undefined : true));
    const recipient = Keypair.generate().publicKey;
    const res = await api.post('transfer', {
      from: agent.publicKey.toBase58(),
      to: recipient.toBase58(),
      mint: mint.toBase58(),
      amount: '7000',
      visibility: 'private',
      fromBalance: 'base',
      toBalance: 'base',
      clientRefId: '31338',
    });
    const tx = Transaction.from(Buffer.from(String(res.json.transactionBase64), 'base64'));
    tx.partialSign(agent);
    await chain.sendTransaction(tx.serialize());
    const forced = await api.post('transfer-queue/ensure-crank', {});
    expect(forced.json.settled).toBe(1);
    expect(recipientBalance(recipient)).toBe(7_000n);
  });
});
