import { Keypair, PublicKey } from '@solana/web3.js';
import { describe, expect, it } from 'vitest';
import type { AccountStore, DecodedInstruction, EmulatedAccount, InstructionAccount, InstructionContext } from '../emulation/types';
import { ProgramError } from '../emulation/types';
import { BorshWriter } from './borsh.codec';
import { eciesEncrypt } from './ecies.crypto';
import { HandleStore } from './handle.store';
import { INCO_DEFAULTS, INSTRUCTIONS_SYSVAR_ID, SYSTEM_PROGRAM_ID, rentExemptLamports } from './inco.config';
import { decodeIncoAccount } from './inco-account.layout';
import { IncoKeys } from './covalidator.keys';
import { IncoLightningRuntime } from './inco-lightning.runtime';
import { allowanceAddress, incoTokenAccountAddress } from './inco-pda.util';
import { INCO_TOKEN_DISCRIMINATORS } from './inco-token.discriminators';
import type { IncoTokenInstructionName } from './inco-token.discriminators';
import { IncoTokenProgram } from './inco-token.program';

// A pure in-memory stand-in for the core's staged AccountStore and instruction context.
const TOKEN = new PublicKey(INCO_DEFAULTS.incoTokenProgramId);
const LIGHTNING = new PublicKey(INCO_DEFAULTS.incoLightningProgramId);
const SYSTEM = new PublicKey(SYSTEM_PROGRAM_ID);

class MemoryStore implements AccountStore {
  readonly map = new Map<string, EmulatedAccount>();
  get(a: PublicKey): EmulatedAccount | null {
    return this.map.get(a.toBase58()) ?? null;
  }
  set(a: PublicKey, acc: EmulatedAccount): void {
    this.map.set(a.toBase58(), acc);
  }
}

const keys = IncoKeys.generate();
const handles = new HandleStore();
const lightning = new IncoLightningRuntime(LIGHTNING, handles, () => keys.teePrivateKey);
const program = new IncoTokenProgram(TOKEN, lightning);

const ro = (pubkey: PublicKey): InstructionAccount => ({ pubkey, isSigner: false, isWritable: false });
const w = (pubkey: PublicKey): InstructionAccount => ({ pubkey, isSigner: false, isWritable: true });
const ws = (pubkey: PublicKey): InstructionAccount => ({ pubkey, isSigner: true, isWritable: true });

function run(store: MemoryStore, name: IncoTokenInstructionName, accounts: InstructionAccount[], args: Uint8Array = new Uint8Array()): string[] {
  const logs: string[] = [];
  const data = new Uint8Array(8 + args.length);
  data.set(INCO_TOKEN_DISCRIMINATORS[name], 0);
  data.set(args, 8);
  const ctx = (depth: number): InstructionContext => ({
    index: 0,
    programId: TOKEN,
    accounts,
    data,
    store,
    instructions: [],
    clock: { slot: 1n, unixTimestamp: 1n },
    simulation: false,
    log: (m) => logs.push(`${'  '.repeat(depth)}Program log: ${m}`),
    invoke: (ix: DecodedInstruction, body) => {
      logs.push(`Program ${ix.programId.toBase58()} invoke [${depth + 2}]`);
      body?.(ctx(depth + 1));
    },
  });
  program.execute(ctx(0));
  return logs;
}

const amountArgs = (value: bigint): Uint8Array => {
  const ct = eciesEncrypt(keys.teePublicKey, new TextEncoder().encode(value.toString()));
  return new BorshWriter(4 + ct.length + 1).bytesVec(ct).u8(0).bytes;
};

function fund(store: MemoryStore, k: PublicKey): void {
  store.set(k, { lamports: 10_000_000_000n, owner: SYSTEM, data: new Uint8Array(), executable: false });
}

function setup(): { store: MemoryStore; mint: PublicKey; authority: PublicKey; ata: (w: PublicKey) => PublicKey } {
  const store = new MemoryStore();
  const mint = Keypair.generate().publicKey;
  const authority = Keypair.generate().publicKey;
  fund(store, authority);
  const args = new BorshWriter(1 + 32 + 1).u8(6).pubkey(authority).u8(0).bytes;
  run(store, 'initialize_mint', [ws(mint), ws(authority), ro(SYSTEM), ro(LIGHTNING)], args);
  return { store, mint, authority, ata: (wallet) => incoTokenAccountAddress(wallet, mint, TOKEN) };
}

function createAccount(s: ReturnType<typeof setup>, wallet: PublicKey): PublicKey {
  run(s.store, 'create_idempotent', [ws(s.authority), w(s.ata(wallet)), ro(wallet), ro(s.mint), ro(SYSTEM), ro(LIGHTNING)]);
  return s.ata(wallet);
}

function balance(s: ReturnType<typeof setup>, wallet: PublicKey): bigint {
  const acc = s.store.get(s.ata(wallet));
  if (!acc) throw new Error('no account');
  return handles.get(decodeIncoAccount(acc.data).amount) ?? -1n;
}

function mint(s: ReturnType<typeof setup>, wallet: PublicKey, value: bigint): void {
  const account = s.store.get(s.ata(wallet));
  if (!account) throw new Error('no account');
  run(s.store, 'mint_to', [w(s.mint), w(s.ata(wallet)), ws(s.authority), ro(LIGHTNING), ro(SYSTEM)], amountArgs(value));
}

function code(f: () => void): number {
  try {
    f();
  } catch (e) {
    if (e instanceof ProgramError) return e.code;
    throw e;
  }
  return -1;
}

describe('IncoToken emulation', () => {
  it('creates 221-byte token accounts at the PDA, idempotently, with rent from the payer', () => {
    const s = setup();
    const alice = Keypair.generate().publicKey;
    const before = s.store.get(s.authority)?.lamports ?? 0n;
    const ata = createAccount(s, alice);
    createAccount(s, alice);
    const acc = s.store.get(ata);
    expect(acc?.data.length).toBe(221);
    expect(acc?.owner.equals(TOKEN)).toBe(true);
    expect(acc?.lamports).toBe(rentExemptLamports(221));
    expect(before - (s.store.get(s.authority)?.lamports ?? 0n)).toBe(rentExemptLamports(221));
    expect(balance(s, alice)).toBe(0n);
  });

  it('mints an encrypted amount and grants the owner an allowance on the new balance handle', () => {
    const s = setup();
    const alice = Keypair.generate().publicKey;
    createAccount(s, alice);
    const before = s.store.get(s.authority)?.lamports ?? 0n;
    const account = decodeIncoAccount(s.store.get(s.ata(alice))?.data ?? new Uint8Array());
    const ct = amountArgs(5_000_000n);
    const amountHandle = HandleStore.derive('new_euint128', Uint8Array.of(0), ct.subarray(4, ct.length - 1));
    const newBalance = HandleStore.derive('e_add', ...[account.amount, amountHandle].map((h) => new BorshWriter(16).u128(h).bytes));
    const [pda] = allowanceAddress(newBalance, alice, LIGHTNING);
    const logs = run(s.store, 'mint_to', [w(s.mint), w(s.ata(alice)), ws(s.authority), ro(LIGHTNING), ro(SYSTEM), w(pda), ro(alice)], ct);
    expect(logs[0]).toBe('Program log: Instruction: MintTo');
    expect(balance(s, alice)).toBe(5_000_000n);
    expect(decodeIncoAccount(s.store.get(s.ata(alice))?.data ?? new Uint8Array()).amount).toBe(newBalance);
    expect(s.store.get(pda)?.owner.equals(LIGHTNING)).toBe(true);
    expect(before - (s.store.get(s.authority)?.lamports ?? 0n)).toBe(960_480n);
  });

  it('moves the amount on a funded transfer and 0 on an underfunded one (which still succeeds)', () => {
    const s = setup();
    const [alice, bob] = [Keypair.generate().publicKey, Keypair.generate().publicKey];
    fund(s.store, alice);
    createAccount(s, alice);
    createAccount(s, bob);
    mint(s, alice, 10n);
    run(s.store, 'transfer', [w(s.ata(alice)), w(s.ata(bob)), ws(alice), ro(LIGHTNING), ro(SYSTEM)], amountArgs(4n));
    expect([balance(s, alice), balance(s, bob)]).toEqual([6n, 4n]);
    run(s.store, 'transfer', [w(s.ata(alice)), w(s.ata(bob)), ws(alice), ro(LIGHTNING), ro(SYSTEM)], amountArgs(7n));
    expect([balance(s, alice), balance(s, bob)]).toEqual([6n, 4n]);
  });

  it('lets a delegate transfer after approve_checked without touching delegated_amount', () => {
    const s = setup();
    const [alice, bob, fac] = [Keypair.generate().publicKey, Keypair.generate().publicKey, Keypair.generate().publicKey];
    fund(s.store, alice);
    fund(s.store, fac);
    createAccount(s, alice);
    createAccount(s, bob);
    mint(s, alice, 100n);
    const capArgs = new Uint8Array([...amountArgs(50n), 6]);
    run(s.store, 'approve_checked', [w(s.ata(alice)), ro(s.mint), ro(fac), ws(alice), ro(LIGHTNING), ro(SYSTEM)], capArgs);
    const approved = decodeIncoAccount(s.store.get(s.ata(alice))?.data ?? new Uint8Array());
    expect(approved.delegate?.equals(fac)).toBe(true);
    expect(handles.get(approved.delegatedAmount)).toBe(50n);
    run(s.store, 'transfer', [w(s.ata(alice)), w(s.ata(bob)), ws(fac), ro(LIGHTNING), ro(SYSTEM)], amountArgs(30n));
    expect([balance(s, alice), balance(s, bob)]).toEqual([70n, 30n]);
    const after = decodeIncoAccount(s.store.get(s.ata(alice))?.data ?? new Uint8Array());
    expect(after.delegatedAmount).toBe(approved.delegatedAmount);
    // delegated_amount sits at [123..139] with a delegate set.
    const raw = s.store.get(s.ata(alice))?.data ?? new Uint8Array();
    expect(new BorshWriter(16).u128(after.delegatedAmount).bytes).toEqual(raw.slice(123, 139));

    expect(
      code(() =>
        run(s.store, 'approve_checked', [w(s.ata(alice)), ro(s.mint), ro(fac), ws(alice), ro(LIGHTNING), ro(SYSTEM)], new Uint8Array([...amountArgs(1n), 9])),
      ),
    ).toBe(6018);
    run(s.store, 'revoke', [w(s.ata(alice)), ws(alice), ro(LIGHTNING)]);
    expect(code(() => run(s.store, 'transfer', [w(s.ata(alice)), w(s.ata(bob)), ws(fac), ro(LIGHTNING), ro(SYSTEM)], amountArgs(1n)))).toBe(6004);
  });

  it('fails a stranger with 6004, a missing destination with 3012, a wrong mint with 6003', () => {
    const s = setup();
    const [alice, bob, eve] = [Keypair.generate().publicKey, Keypair.generate().publicKey, Keypair.generate().publicKey];
    createAccount(s, alice);
    mint(s, alice, 10n);
    createAccount(s, eve);
    expect(code(() => run(s.store, 'transfer', [w(s.ata(alice)), w(s.ata(eve)), ws(eve), ro(LIGHTNING), ro(SYSTEM)], amountArgs(1n)))).toBe(6004);
    expect(code(() => run(s.store, 'transfer', [w(s.ata(alice)), w(s.ata(bob)), ws(alice), ro(LIGHTNING), ro(SYSTEM)], amountArgs(1n)))).toBe(3012);
    const other = setup();
    createAccount(other, bob);
    expect(code(() => run(s.store, 'transfer', [w(s.ata(alice)), w(other.ata(bob)), ws(alice), ro(LIGHTNING), ro(SYSTEM)], amountArgs(1n)))).toBe(3012);
    other.store.map.forEach((v, k) => s.store.map.set(k, v));
    expect(code(() => run(s.store, 'transfer', [w(s.ata(alice)), w(other.ata(bob)), ws(alice), ro(LIGHTNING), ro(SYSTEM)], amountArgs(1n)))).toBe(6003);
    expect(balance(s, alice)).toBe(10n);
  });

  it('checks signers, the Lightning address and instruction data like Anchor', () => {
    const s = setup();
    const [alice, bob] = [Keypair.generate().publicKey, Keypair.generate().publicKey];
    createAccount(s, alice);
    createAccount(s, bob);
    expect(code(() => run(s.store, 'transfer', [w(s.ata(alice)), w(s.ata(bob)), w(alice), ro(LIGHTNING), ro(SYSTEM)], amountArgs(1n)))).toBe(3010);
    expect(code(() => run(s.store, 'transfer', [w(s.ata(alice)), w(s.ata(bob)), ws(alice), ro(SYSTEM), ro(SYSTEM)], amountArgs(1n)))).toBe(2012);
    expect(code(() => run(s.store, 'transfer', [w(s.ata(alice)), w(s.ata(bob)), ws(alice), ro(LIGHTNING), ro(SYSTEM)], new Uint8Array([9])))).toBe(102);
    expect(code(() => run(s.store, 'transfer', [w(s.ata(alice)), w(s.ata(bob))], amountArgs(1n)))).toBe(3005);
    expect(
      code(() =>
        run(s.store, 'transfer_with_authorization', [w(s.ata(alice)), w(s.ata(bob)), ws(alice), ro(SYSTEM), ro(LIGHTNING), ro(SYSTEM)], amountArgs(0n)),
      ),
    ).toBe(2012);
    run(
      s.store,
      'transfer_with_authorization',
      [w(s.ata(alice)), w(s.ata(bob)), ws(alice), ro(new PublicKey(INSTRUCTIONS_SYSVAR_ID)), ro(LIGHTNING), ro(SYSTEM)],
      amountArgs(0n),
    );
  });
});
