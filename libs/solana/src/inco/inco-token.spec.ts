import { Keypair, PublicKey, SystemProgram } from '@solana/web3.js';
import { describe, expect, it } from 'vitest';
import { writeUintLE } from '../codec/little-endian.codec';
import { resolveProgramIds } from '../config/program-ids.config';
import { anchorAccountDiscriminator, anchorInstructionDiscriminator } from './anchor-discriminator.util';
import { decodeIncoAccount, INCO_ACCOUNT_SIZE } from './inco-account.decoder';
import { decodeIncoMint } from './inco-mint.decoder';
import { approveCheckedInstruction, createIdempotentInstruction, revokeInstruction, transferInstruction } from './inco-token.instructions';
import { decodeIncoTokenError } from './inco-token.errors';
import { allowanceAddress, incoTokenAccountAddress } from './inco.pdas';

const ids = resolveProgramIds();
const key = (n: number): PublicKey => Keypair.fromSeed(new Uint8Array(32).fill(n)).publicKey;

describe('anchor discriminators', () => {
  it("match PROTOCOLS.md's table", () => {
    const table: Record<string, number[]> = {
      create_idempotent: [143, 88, 34, 91, 112, 20, 245, 59],
      mint_to: [241, 34, 48, 186, 37, 179, 123, 192],
      approve_checked: [47, 197, 254, 42, 58, 201, 58, 109],
      approve: [69, 74, 217, 36, 115, 117, 97, 76],
      transfer: [163, 52, 200, 231, 140, 3, 69, 186],
      transfer_with_authorization: [241, 208, 6, 43, 81, 61, 213, 10],
      revoke: [170, 23, 31, 34, 133, 173, 93, 242],
    };
    for (const [name, disc] of Object.entries(table)) expect(Array.from(anchorInstructionDiscriminator(name))).toEqual(disc);
    expect(Array.from(anchorAccountDiscriminator('IncoAccount'))).toEqual([18, 233, 131, 18, 230, 173, 249, 89]);
    expect(Array.from(anchorAccountDiscriminator('IncoMint'))).toEqual([254, 129, 245, 169, 202, 143, 198, 4]);
  });
});

describe('instruction builders', () => {
  const [payer, wallet, owner, delegate] = [key(1), key(2), key(3), key(4)];
  const metas = (ix: { keys: { pubkey: PublicKey; isSigner: boolean; isWritable: boolean }[] }): string[] =>
    ix.keys.map((k) => `${k.pubkey.toBase58()}:${k.isWritable ? 'w' : ''}${k.isSigner ? 's' : ''}`);

  it('create_idempotent has the documented accounts and only the discriminator as data', () => {
    const ata = incoTokenAccountAddress(ids, wallet, ids.incoMint);
    const ix = createIdempotentInstruction(ids, { payer, associatedToken: ata, wallet, mint: ids.incoMint });
    expect(ix.programId.equals(ids.incoToken)).toBe(true);
    expect(metas(ix)).toEqual([
      `${payer.toBase58()}:ws`,
      `${ata.toBase58()}:w`,
      `${wallet.toBase58()}:`,
      `${ids.incoMint.toBase58()}:`,
      `${SystemProgram.programId.toBase58()}:`,
      `${ids.incoLightning.toBase58()}:`,
    ]);
    expect(Array.from(ix.data)).toEqual([143, 88, 34, 91, 112, 20, 245, 59]);
  });

  it('approve_checked encodes bytes, input_type 0 and decimals, and appends the allowance grant', () => {
    const source = incoTokenAccountAddress(ids, owner, ids.incoMint);
    const allowance = allowanceAddress(ids, 77n, delegate);
    const ix = approveCheckedInstruction(ids, {
      source,
      mint: ids.incoMint,
      delegate,
      owner,
      ciphertext: new Uint8Array([9, 8, 7]),
      decimals: 6,
      grant: { allowance, allowed: delegate },
    });
    expect(Array.from(ix.data)).toEqual([47, 197, 254, 42, 58, 201, 58, 109, 3, 0, 0, 0, 9, 8, 7, 0, 6]);
    expect(metas(ix).slice(3)).toEqual([
      `${owner.toBase58()}:ws`,
      `${ids.incoLightning.toBase58()}:`,
      `${SystemProgram.programId.toBase58()}:`,
      `${allowance.toBase58()}:w`,
      `${delegate.toBase58()}:`,
    ]);
  });

  it('transfer puts source then destination grants in the remaining accounts', () => {
    const [src, dst] = [key(5), key(6)];
    const grants = [
      { allowance: key(7), allowed: owner },
      { allowance: key(8), allowed: wallet },
    ] as const;
    const ix = transferInstruction(ids, { source: src, destination: dst, authority: delegate, ciphertext: new Uint8Array(2), grants });
    expect(metas(ix)).toEqual([
      `${src.toBase58()}:w`,
      `${dst.toBase58()}:w`,
      `${delegate.toBase58()}:ws`,
      `${ids.incoLightning.toBase58()}:`,
      `${SystemProgram.programId.toBase58()}:`,
      `${key(7).toBase58()}:w`,
      `${owner.toBase58()}:`,
      `${key(8).toBase58()}:w`,
      `${wallet.toBase58()}:`,
    ]);
    expect(Array.from(ix.data.subarray(8))).toEqual([2, 0, 0, 0, 0, 0, 0]);
  });

  it('revoke takes source, owner and lightning only', () => {
    const ix = revokeInstruction(ids, { source: key(5), owner });
    expect(metas(ix)).toEqual([`${key(5).toBase58()}:w`, `${owner.toBase58()}:ws`, `${ids.incoLightning.toBase58()}:`]);
  });
});

describe('PDAs', () => {
  it('derive with the documented seeds', () => {
    const [expectedAta] = PublicKey.findProgramAddressSync([key(2).toBuffer(), ids.incoToken.toBuffer(), ids.incoMint.toBuffer()], ids.incoToken);
    expect(incoTokenAccountAddress(ids, key(2), ids.incoMint).equals(expectedAta)).toBe(true);
    const handle = 0x0102n;
    const seed = new Uint8Array(16);
    seed[0] = 2;
    seed[1] = 1;
    const [expectedAllow] = PublicKey.findProgramAddressSync([seed, key(3).toBuffer()], ids.incoLightning);
    expect(allowanceAddress(ids, handle, key(3)).equals(expectedAllow)).toBe(true);
  });
});

function incoAccountBytes(withDelegate: boolean): Uint8Array {
  const data = new Uint8Array(INCO_ACCOUNT_SIZE);
  data.set(anchorAccountDiscriminator('IncoAccount'), 0);
  data.set(ids.incoMint.toBytes(), 8);
  data.set(key(3).toBytes(), 40);
  data.set(writeUintLE(111n, 16), 72);
  let o = 88;
  if (withDelegate) {
    data[o] = 1;
    data.set(key(4).toBytes(), o + 1);
    o += 33;
  } else o += 1;
  data[o] = 1; // initialized
  data[o + 1] = 0; // is_native None
  data.set(writeUintLE(222n, 16), o + 2);
  return data;
}

describe('IncoAccount and IncoMint decoders', () => {
  it('read delegated_amount at [91..107] without a delegate and [123..139] with one', () => {
    const plain = incoAccountBytes(false);
    expect(plain.subarray(91, 107)).toEqual(writeUintLE(222n, 16));
    const a = decodeIncoAccount(plain);
    expect([a.delegate, a.delegatedAmountHandle, a.amountHandle, a.state]).toEqual([null, 222n, 111n, 'initialized']);
    const delegated = incoAccountBytes(true);
    expect(delegated.subarray(123, 139)).toEqual(writeUintLE(222n, 16));
    const b = decodeIncoAccount(delegated);
    expect(b.delegate?.equals(key(4))).toBe(true);
    expect(b.delegatedAmountHandle).toBe(222n);
    expect(b.owner.equals(key(3))).toBe(true);
  });

  it('refuses wrong size, wrong discriminator and bad option tags', () => {
    expect(() => decodeIncoAccount(incoAccountBytes(false).subarray(0, 220))).toThrow(/221/);
    const wrongDisc = incoAccountBytes(false);
    wrongDisc[0] = wrongDisc[0]! ^ 1;
    expect(() => decodeIncoAccount(wrongDisc)).toThrow(/IncoAccount/);
    const badTag = incoAccountBytes(false);
    badTag[88] = 2;
    expect(() => decodeIncoAccount(badTag)).toThrow(/does not decode: Invalid/);
  });

  it('decodes a mint', () => {
    const data = new Uint8Array(8 + 33 + 16 + 1 + 1 + 1);
    data.set(anchorAccountDiscriminator('IncoMint'), 0);
    data[8] = 1;
    data.set(key(9).toBytes(), 9);
    data.set(writeUintLE(5n, 16), 41);
    data[57] = 6;
    data[58] = 1;
    const mint = decodeIncoMint(data);
    expect([mint.decimals, mint.isInitialized, mint.supplyHandle, mint.freezeAuthority]).toEqual([6, true, 5n, null]);
    expect(mint.mintAuthority?.equals(key(9))).toBe(true);
  });
});

describe('error decoding', () => {
  it('names IncoToken and Anchor codes from a transaction error', () => {
    expect(decodeIncoTokenError({ InstructionError: [1, { Custom: 0x177c }] })).toEqual({ instructionIndex: 1, code: 6012, name: 'InvalidInstruction' });
    expect(decodeIncoTokenError({ InstructionError: [0, { Custom: 3012 }] })?.name).toBe('AccountNotInitialized');
    expect(decodeIncoTokenError({ InstructionError: [0, { Custom: 6018 }] })?.name).toBe('MintDecimalsMismatch');
    expect(decodeIncoTokenError({ InstructionError: [0, { Custom: 42 }] })?.name).toBeUndefined();
    expect(decodeIncoTokenError({ InstructionError: [0, 'InvalidAccountData'] })).toBeUndefined();
    expect(decodeIncoTokenError('AccountInUse')).toBeUndefined();
  });
});
