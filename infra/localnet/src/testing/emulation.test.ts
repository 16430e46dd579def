import { AnchorProvider, Wallet } from '@coral-xyz/anchor';
import { Connection, Keypair, PublicKey, SystemProgram, Transaction, TransactionInstruction, sendAndConfirmTransaction } from '@solana/web3.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProgramError, type EmulatedProgram, type InstructionContext, type RunningLocalnet } from '../index';
import { rpc, startTestLocalnet, walletOf } from './localnet.fixture';

// A counter program defined here: data [0] = add data[1] to the u8 in account 0 (which it owns),
// [1] = fail with Custom(77), [2] = "CPI" into the memo program. Account 0 is created by the handler.
const COUNTER_ID = Keypair.generate().publicKey;
const MEMO_ID = new PublicKey('MemoSq4gqABAXKb96qTH8TyNzkBNmAXhC8qU3UvK8Xa');

const counterProgram: EmulatedProgram = {
  programId: COUNTER_ID,
  name: 'counter',
  execute(ctx: InstructionContext): void {
    const target = ctx.accounts[0];
    if (target === undefined || !target.isWritable) throw new ProgramError(3, 'counter account must be writable');
    const op = ctx.data[0];
    if (op === 1) throw new ProgramError(77, 'asked to fail');
    if (op === 2) {
      ctx.invoke({ programId: MEMO_ID, accounts: [], data: new TextEncoder().encode('hi') }, (inner) => inner.log('Memo (len 2): "hi"'));
      return;
    }
    const current = ctx.store.get(target.pubkey);
    const value = (current?.data[0] ?? 0) + (ctx.data[1] ?? 0);
    ctx.store.set(target.pubkey, { lamports: current?.lamports ?? 1_000_000n, owner: COUNTER_ID, data: Uint8Array.from([value]), executable: false });
    ctx.log(`counter now ${value}`);
  },
};

let net: RunningLocalnet;
let connection: Connection;
let payer: Keypair;
const counter = Keypair.generate().publicKey;

function counterIx(data: number[], extra: { pubkey: PublicKey; isSigner: boolean; isWritable: boolean }[] = []): TransactionInstruction {
  return new TransactionInstruction({
    programId: COUNTER_ID,
    keys: [{ pubkey: counter, isSigner: false, isWritable: true }, ...extra],
    data: Buffer.from(data),
  });
}

beforeAll(async () => {
  net = await startTestLocalnet({ programs: [counterProgram] });
  connection = new Connection(net.endpoints.rpc, 'confirmed');
  payer = walletOf(net, 'agent');
});
afterAll(async () => {
  await net.stop();
});

describe('emulated programs through the pipeline', () => {
  it('shows staged writes in simulateTransaction accounts without committing them', async () => {
    const tx = new Transaction({ feePayer: payer.publicKey, ...(await connection.getLatestBlockhash()) }).add(counterIx([0, 5]));
    tx.sign(payer);
    const sim = await rpc(net.endpoints.rpc, 'simulateTransaction', [
      tx.serialize().toString('base64'),
      { encoding: 'base64', accounts: { addresses: [counter.toBase58()], encoding: 'base64' } },
    ]);
    const value = (sim.result as { value: { err: unknown; accounts: { data: [string, string]; owner: string }[] } }).value;
    expect(value.err).toBeNull();
    expect(Buffer.from(value.accounts[0]!.data[0], 'base64')[0]).toBe(5);
    expect(value.accounts[0]!.owner).toBe(COUNTER_ID.toBase58());
    expect(await connection.getAccountInfo(counter)).toBeNull();
  });

  it('commits staged writes and splices handler logs inside the program frame', async () => {
    const sig = await sendAndConfirmTransaction(connection, new Transaction().add(counterIx([0, 5]), counterIx([0, 2])), [payer]);
    expect((await connection.getAccountInfo(counter))?.data[0]).toBe(7);
    const got = await connection.getTransaction(sig, { commitment: 'confirmed', maxSupportedTransactionVersion: 0 });
    const id = COUNTER_ID.toBase58();
    const logs = got!.meta!.logMessages!;
    expect(logs[0]).toBe(`Program ${id} invoke [1]`);
    expect(logs[1]).toBe('Program log: counter now 5');
    expect(logs[2]).toMatch(new RegExp(`^Program ${id} consumed`));
    expect(logs[3]).toBe(`Program ${id} success`);
    expect(logs[5]).toBe('Program log: counter now 7');
  });

  it('records ctx.invoke as inner instructions with nested log frames', async () => {
    const memo = { pubkey: MEMO_ID, isSigner: false, isWritable: false };
    const sig = await sendAndConfirmTransaction(connection, new Transaction().add(counterIx([2], [memo])), [payer]);
    const got = await connection.getTransaction(sig, { commitment: 'confirmed', maxSupportedTransactionVersion: 0 });
    const inner = got!.meta!.innerInstructions!;
    expect(inner).toHaveLength(1);
    expect(inner[0]!.index).toBe(0);
    const keys = got!.transaction.message.staticAccountKeys;
    expect(keys[inner[0]!.instructions[0]!.programIdIndex]!.equals(MEMO_ID)).toBe(true);
    expect(got!.meta!.logMessages).toContain(`Program ${MEMO_ID.toBase58()} invoke [2]`);
    expect(got!.meta!.logMessages).toContain('Program log: Memo (len 2): "hi"');
  });

  async function confirmedStatus(signature: string): Promise<{ err: unknown }> {
    for (;;) {
      const { value } = await connection.getSignatureStatuses([signature]);
      const status = value[0];
      if (status && (status.confirmationStatus === 'confirmed' || status.confirmationStatus === 'finalized')) return { err: status.err };
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  it('turns ProgramError into InstructionError(index, Custom) and commits only the fee', async () => {
    // Read balances at `processed`: a previous test's fee may not be `confirmed` yet, which would
    // fold it into this delta.
    const before = await connection.getBalance(payer.publicKey, 'processed');
    const pre = await rpc(net.endpoints.rpc, 'sendTransaction', [
      (() => {
        const t = new Transaction({ feePayer: payer.publicKey, ...net.chain.latestBlockhash() }).add(counterIx([0, 1]), counterIx([1]));
        t.sign(payer);
        return t.serialize().toString('base64');
      })(),
      { encoding: 'base64' },
    ]);
    expect(pre.error?.code).toBe(-32002);
    expect((pre.error?.data as { err: unknown }).err).toEqual({ InstructionError: [1, { Custom: 77 }] });

    const tx = new Transaction({ feePayer: payer.publicKey, ...(await connection.getLatestBlockhash()) }).add(counterIx([0, 1]), counterIx([1]));
    tx.sign(payer);
    const sig = await connection.sendRawTransaction(tx.serialize(), { skipPreflight: true });
    // Not confirmTransaction: web3.js rejects with the transaction's error when the signature is
    // already confirmed at subscription time and resolves with it otherwise (a race of its own).
    const status = await confirmedStatus(sig);
    expect(status.err).toEqual({ InstructionError: [1, { Custom: 77 }] });
    expect((await connection.getAccountInfo(counter))?.data[0]).toBe(7);
    expect(before - (await connection.getBalance(payer.publicKey, 'processed'))).toBe(5000);
    const got = await connection.getTransaction(sig, { commitment: 'confirmed', maxSupportedTransactionVersion: 0 });
    expect(got!.meta!.logMessages!.at(-1)).toBe(`Program ${COUNTER_ID.toBase58()} failed: custom program error: 0x4d`);
    const dup = await rpc(net.endpoints.rpc, 'sendTransaction', [tx.serialize().toString('base64'), { encoding: 'base64' }]);
    expect((dup.error?.data as { err: unknown }).err).toBe('AlreadyProcessed');
  });

  it('works with @coral-xyz/anchor AnchorProvider.sendAndConfirm', async () => {
    const provider = new AnchorProvider(connection, new Wallet(payer), { commitment: 'confirmed' });
    const to = Keypair.generate().publicKey;
    const sig = await provider.sendAndConfirm(
      new Transaction().add(SystemProgram.transfer({ fromPubkey: payer.publicKey, toPubkey: to, lamports: 3_000_000 })),
    );
    expect(typeof sig).toBe('string');
    expect(await connection.getBalance(to)).toBe(3_000_000);
  });
});
