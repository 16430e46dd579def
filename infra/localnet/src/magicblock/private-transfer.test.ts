import { Keypair, LAMPORTS_PER_SOL, Transaction, type PublicKey } from '@solana/web3.js';
import { getAssociatedTokenAddressSync } from '@solana/spl-token';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalChainCore } from '../chain/local-chain';
import type { LocalnetModule } from '../emulation/types';
import { createMagicBlockModule, defaultMagicBlockOptions, MAGICBLOCK_DEFAULTS } from './index';
import { createUsdcMint, fundedWallet } from './magicblock.fixture';

const SPL = MAGICBLOCK_DEFAULTS.privatePaymentsProgramId;
const DLG = MAGICBLOCK_DEFAULTS.delegationProgramId;

describe('MagicBlock private transfer on the in-process chain', () => {
  let chain: LocalChainCore;
  let mb: LocalnetModule;
  let api: string;
  let queue: string;
  let mint: PublicKey;
  let agent: Keypair;

  beforeAll(async () => {
    chain = new LocalChainCore({ slotMs: 100 });
    chain.start();
    mb = createMagicBlockModule({ ...defaultMagicBlockOptions(), crankIntervalMs: 100 });
    for (const p of mb.programs) chain.registerProgram(p);
    const authority = Keypair.generate();
    await chain.airdrop(authority.publicKey, BigInt(10 * LAMPORTS_PER_SOL));
    mint = await createUsdcMint(chain, authority);
    agent = await fundedWallet(chain, mint, authority, 5_000_000n);
    const started = await mb.start(chain, { wallets: { agent, mintAuthority: authority }, usdcMint: mint, stateDir: '' });
    api = `${started.endpoints?.payments ?? ''}/v1/spl`;
    queue = String(started.info?.transferQueue);
  });

  afterAll(async () => {
    await mb.stop();
    chain.stop();
  });

  async function post(path: string, body: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
    const res = await fetch(`${api}/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: res.status, json: (await res.json()) as Record<string, unknown> };
  }

  function tokenAmount(owner: PublicKey): bigint {
    const acc = chain.getAccount(getAssociatedTokenAddressSync(mint, owner));
    return acc ? Buffer.from(acc.data).readBigUInt64LE(64) : 0n;
  }

  it('settles a private transfer from the vault with client_ref_id in the SPLxh1 frame', async () => {
    const merchant = Keypair.generate().publicKey;
    const res = await post('transfer', {
      from: agent.publicKey.toBase58(),
      to: merchant.toBase58(),
      mint: mint.toBase58(),
      amount: '250000',
      visibility: 'private',
      fromBalance: 'base',
      toBalance: 'base',
      cluster: 'localnet',
      clientRefId: '4242',
    });
    expect(res.status).toBe(200);
    expect(res.json.requiredSigners).toEqual([agent.publicKey.toBase58()]);
    const tx = Transaction.from(Buffer.from(String(res.json.transactionBase64), 'base64'));
    tx.partialSign(agent);
    const depositSig = await chain.sendTransaction(tx.serialize());

    const crank = await post('transfer-queue/ensure-crank', {});
    expect(crank.status).toBe(200);
    expect(tokenAmount(merchant)).toBe(250_000n);

    const settlement = chain.history
      .forAddress(queue, { limit: 100 })
      .find((r) => r.signature !== depositSig && r.logs.includes('Program log: client_ref_id: 4242'));
    if (!settlement) throw new Error('no settlement found through the queue PDA');
    expect(settlement.err).toBeNull();
    const logs = settlement.logs;
    const outer = logs.indexOf(`Program ${DLG} invoke [1]`);
    const inner = logs.indexOf(`Program ${SPL} invoke [2]`);
    const ref = logs.indexOf('Program log: client_ref_id: 4242');
    const innerEnd = logs.indexOf(`Program ${SPL} success`);
    expect(outer).toBeGreaterThanOrEqual(0);
    expect(outer < inner && inner < ref && ref < innerEnd).toBe(true);
    const ata = getAssociatedTokenAddressSync(mint, merchant).toBase58();
    const idx = settlement.accountKeys.indexOf(ata);
    const after = settlement.postTokenBalances.find((b) => b.accountIndex === idx);
    const before = settlement.preTokenBalances.find((b) => b.accountIndex === idx);
    expect(BigInt(after?.amount ?? "0") - BigInt(before?.amount ?? "0")).toBe(250_000n);

    const agentKey = agent.publicKey.toBase58();
    const linking = chain.history.all().filter((r) => r.accountKeys.includes(agentKey) && r.accountKeys.includes(merchant.toBase58()));
    expect(linking).toEqual([]);
  });
});
