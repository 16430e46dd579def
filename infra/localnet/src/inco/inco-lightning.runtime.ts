/**
 * Inco Lightning's operations as IncoToken reaches them through CPI: each creates a handle whose
 * plaintext the covalidator store records, and each is recorded as an inner instruction so logs
 * and inner-instruction lists look like the real nested calls. `allow` creates the allowance PDA
 * (paid by the signer) that later gives an address decrypt rights on a handle.
 */
import { PublicKey } from '@solana/web3.js';
import type { InstructionAccount, InstructionContext } from '../emulation/types';
import { ProgramError } from '../emulation/types';
import type { IdlValue, IncoLightningInstructionName } from '@quietpay/solana';
import { bytesEqual } from './anchor-discriminator.util';
import { anchorEncodeAllowance, anchorEncodeIncoLightningInstruction } from './anchor-inco.coder';
import { BorshWriter, u128ToLe } from './borsh.codec';
import { eciesDecrypt } from './ecies.crypto';
import { HandleStore } from './handle.store';
import { ALLOWANCE_ACCOUNT_SIZE, SYSTEM_PROGRAM_ID, rentExemptLamports } from './inco.config';
import { ALLOWANCE_DISCRIMINATOR, anchorLogName } from './inco-token.discriminators';
import { failWith } from './inco-token.errors';
import { allowanceAddress } from './inco-pda.util';

const U128_MOD = 1n << 128n;
const SYSTEM_PROGRAM = new PublicKey(SYSTEM_PROGRAM_ID);
/** System program's `ResultWithNegativeLamports`, what a create_account CPI fails with when underfunded. */
const SYSTEM_INSUFFICIENT_FUNDS = 1;

/** Parses the TEE plaintext format (decimal digits); anything else counts as 0, see newEuint128. */
export function parseDecimalU128(text: string): bigint | null {
  if (!/^\d{1,39}$/.test(text)) return null;
  const v = BigInt(text);
  return v < U128_MOD ? v : null;
}

export class IncoLightningRuntime {
  constructor(
    readonly programId: PublicKey,
    private readonly store: HandleStore,
    private readonly teePrivateKey: () => Uint8Array,
  ) {}

  /** Records the call as the inner instruction Inco Lightning's IDL describes, written by Anchor's coder. */
  private record(
    ctx: InstructionContext,
    signer: PublicKey,
    op: IncoLightningInstructionName,
    args: Readonly<Record<string, IdlValue>>,
    handle: bigint,
    value: bigint,
  ): bigint {
    this.store.put(handle, value, !ctx.simulation);
    const data = anchorEncodeIncoLightningInstruction(op, args);
    ctx.invoke({ programId: this.programId, accounts: [{ pubkey: signer, isSigner: true, isWritable: true }], data }, (inner) =>
      inner.log(`Instruction: ${anchorLogName(op)}`),
    );
    return handle;
  }

  private valueOf(handle: bigint): bigint {
    // A handle the store never saw (state lost) behaves as the uninitialised value 0.
    return this.store.get(handle) ?? 0n;
  }

  /**
   * A client-encrypted input. The chain cannot check a ciphertext, so an undecryptable one still
   * yields a handle; the covalidator then treats its value as 0 (as it would fail to decrypt it).
   */
  newEuint128(ctx: InstructionContext, signer: PublicKey, ciphertext: Uint8Array, inputType: number): bigint {
    const handle = HandleStore.derive('new_euint128', Uint8Array.of(inputType), ciphertext);
    const plain = eciesDecrypt(this.teePrivateKey(), ciphertext);
    const value = plain ? (parseDecimalU128(Buffer.from(plain).toString('utf8')) ?? 0n) : 0n;
    return this.record(ctx, signer, 'new_euint128', { ciphertext, input_type: inputType }, handle, value);
  }

  asEuint128(ctx: InstructionContext, signer: PublicKey, value: bigint): bigint {
    const handle = HandleStore.derive('as_euint128', u128ToLe(value));
    return this.record(ctx, signer, 'as_euint128', { value }, handle, value);
  }

  private binary(ctx: InstructionContext, signer: PublicKey, op: 'e_add' | 'e_sub' | 'e_ge', a: bigint, b: bigint, value: bigint): bigint {
    const handle = HandleStore.derive(op, u128ToLe(a), u128ToLe(b));
    return this.record(ctx, signer, op, { a, b, scalar_byte: 0 }, handle, value);
  }

  /** Wrapping u128 addition, as the encrypted type wraps. */
  eAdd(ctx: InstructionContext, signer: PublicKey, a: bigint, b: bigint): bigint {
    return this.binary(ctx, signer, 'e_add', a, b, (this.valueOf(a) + this.valueOf(b)) % U128_MOD);
  }

  eSub(ctx: InstructionContext, signer: PublicKey, a: bigint, b: bigint): bigint {
    return this.binary(ctx, signer, 'e_sub', a, b, (this.valueOf(a) - this.valueOf(b) + U128_MOD) % U128_MOD);
  }

  /** An Ebool handle: 1 when a ≥ b. */
  eGe(ctx: InstructionContext, signer: PublicKey, a: bigint, b: bigint): bigint {
    return this.binary(ctx, signer, 'e_ge', a, b, this.valueOf(a) >= this.valueOf(b) ? 1n : 0n);
  }

  eSelect(ctx: InstructionContext, signer: PublicKey, cond: bigint, a: bigint, b: bigint): bigint {
    const handle = HandleStore.derive('e_select', u128ToLe(cond), u128ToLe(a), u128ToLe(b));
    const value = this.valueOf(cond) !== 0n ? this.valueOf(a) : this.valueOf(b);
    return this.record(ctx, signer, 'e_select', { control: cond, if_true: a, if_false: b, scalar_byte: 0 }, handle, value);
  }

  /**
   * Grants `allowed` decrypt rights on `handle` by creating (or re-marking) the allowance PDA
   * [handle LE, allowed] under Inco Lightning; the signer pays its rent.
   */
  allow(ctx: InstructionContext, signer: InstructionAccount, allowance: InstructionAccount, allowed: PublicKey, handle: bigint): void {
    const [expected, bump] = allowanceAddress(handle, allowed, this.programId);
    const data = anchorEncodeIncoLightningInstruction('allow', { handle, value: true, allowed_address: allowed });
    const ix = {
      programId: this.programId,
      accounts: [
        { pubkey: allowance.pubkey, isSigner: false, isWritable: true },
        { pubkey: signer.pubkey, isSigner: true, isWritable: true },
        { pubkey: allowed, isSigner: false, isWritable: false },
        { pubkey: SYSTEM_PROGRAM, isSigner: false, isWritable: false },
      ],
      data,
    };
    ctx.invoke(ix, (inner) => {
      inner.log('Instruction: Allow');
      if (!allowance.pubkey.equals(expected)) failWith((m) => inner.log(m), 'ConstraintSeeds', 'allowance_account');
      if (!allowance.isWritable) failWith((m) => inner.log(m), 'ConstraintMut', 'allowance_account');
      const existing = ctx.store.get(allowance.pubkey);
      const record = anchorEncodeAllowance({ allowed: true, bump }, ALLOWANCE_ACCOUNT_SIZE);
      if (existing && existing.owner.equals(this.programId) && bytesEqual(existing.data.subarray(0, 8), ALLOWANCE_DISCRIMINATOR)) {
        ctx.store.set(allowance.pubkey, { ...existing, data: record });
        return;
      }
      this.createAccount(inner, signer.pubkey, allowance.pubkey, ALLOWANCE_ACCOUNT_SIZE, this.programId, record);
    });
  }

  /** The system-program CPI Anchor's `init` performs: pay rent from `payer`, allocate, assign. */
  createAccount(ctx: InstructionContext, payer: PublicKey, address: PublicKey, space: number, owner: PublicKey, data: Uint8Array): void {
    const existing = ctx.store.get(address);
    if (existing && (existing.data.length > 0 || !existing.owner.equals(SYSTEM_PROGRAM))) {
      ctx.log(`Allocate: account Address { address: ${address.toBase58()}, base: None } already in use`);
      throw new ProgramError(0, 'AccountAlreadyInUse');
    }
    const rent = rentExemptLamports(space);
    const have = existing?.lamports ?? 0n;
    const need = rent > have ? rent - have : 0n;
    const payerAccount = ctx.store.get(payer);
    const ixData = new BorshWriter(52).u32(0).u64(need).u64(BigInt(space)).pubkey(owner).bytes;
    ctx.invoke(
      {
        programId: SYSTEM_PROGRAM,
        accounts: [
          { pubkey: payer, isSigner: true, isWritable: true },
          { pubkey: address, isSigner: true, isWritable: true },
        ],
        data: ixData,
      },
      (inner) => {
        if (!payerAccount || payerAccount.lamports < need) {
          inner.log(`Transfer: insufficient lamports ${payerAccount?.lamports ?? 0n}, need ${need}`);
          throw new ProgramError(SYSTEM_INSUFFICIENT_FUNDS, 'insufficient lamports for rent');
        }
        ctx.store.set(payer, { ...payerAccount, lamports: payerAccount.lamports - need });
        ctx.store.set(address, { lamports: have + need, owner, data, executable: false });
      },
    );
  }
}
