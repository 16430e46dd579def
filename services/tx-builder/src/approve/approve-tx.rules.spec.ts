import { allowanceAddress, approveCheckedInstruction, createIdempotentInstruction, incoTokenAccountAddress } from '@quietpay/solana';
import { Keypair, PublicKey, SystemProgram, Transaction, type TransactionInstruction } from '@solana/web3.js';
import { describe, expect, it } from 'vitest';
import type { ChainParams } from '../chain/chain-params';
import { type ApproveTerms, ApproveRejection, validateApproveTx } from './approve-tx.rules';

// tx-builder reads the client's approve_checked with the IncoToken IDL (libs/solana), the same
// description it rebuilds the expected instruction from and localnet decodes with (issue 11).

const facilitator = Keypair.generate();
const user = Keypair.generate();
const params: ChainParams = {
  facilitator: facilitator.publicKey,
  mint: Keypair.generate().publicKey,
  decimals: 6,
  incoToken: new PublicKey('4cyJHzecVWuU2xux6bCAPAhALKQT8woBh4Vx3AGEGe5N'),
  incoLightning: new PublicKey('5sjEbPiqgZrYwR31ahR6Uk9wf5awoX61YGg7jExQSwaj'),
  maxComputeUnitPriceMicroLamports: 1_000_000n,
};
const source = incoTokenAccountAddress(params, user.publicKey, params.mint);
const ciphertext = Uint8Array.from({ length: 96 }, (_, i) => (i * 7) & 0xff);
const grant = { allowance: allowanceAddress(params, 12345n, facilitator.publicKey), allowed: facilitator.publicKey };

const approve = (): TransactionInstruction =>
  approveCheckedInstruction(params, { source, mint: params.mint, delegate: facilitator.publicKey, owner: user.publicKey, ciphertext, decimals: 6, grant });

const userCreate = (payer: PublicKey): TransactionInstruction =>
  createIdempotentInstruction(params, { payer, associatedToken: source, wallet: user.publicKey, mint: params.mint });

/** The user's partially signed approve (the facilitator pays the fee), base64 as the client sends it. */
function signed(approveIx: TransactionInstruction, head: TransactionInstruction[] = [userCreate(user.publicKey)]): string {
  const tx = new Transaction({ feePayer: facilitator.publicKey, recentBlockhash: Keypair.generate().publicKey.toBase58() }).add(...head, approveIx);
  tx.partialSign(user);
  return tx.serialize({ requireAllSignatures: false, verifySignatures: false }).toString('base64');
}

const rejectionOf = (base64: string, terms: Partial<ApproveTerms> = {}): string | undefined => {
  try {
    validateApproveTx(base64, { user: user.publicKey, mint: params.mint, ...terms }, params);
    return undefined;
  } catch (error) {
    if (error instanceof ApproveRejection) return error.reason;
    throw error;
  }
};

describe('validateApproveTx: the approve_checked data', () => {
  it('accepts the approve the IDL encodes, and returns its allowance', () => {
    expect(rejectionOf(signed(approve()))).toBeUndefined();
    expect(validateApproveTx(signed(approve()), { user: user.publicKey, mint: params.mint }, params).allowance.equals(grant.allowance)).toBe(true);
  });

  it('refuses a ciphertext length past the data as malformed_instruction', () => {
    const ix = approve();
    const data = Buffer.from(ix.data);
    data.writeUInt32LE(ciphertext.length + 50, 8);
    expect(rejectionOf(signed({ ...ix, data } as TransactionInstruction))).toBe('malformed_instruction');
  });

  it('refuses trailing bytes and other decimals as approve_terms_mismatch', () => {
    const ix = approve();
    expect(rejectionOf(signed({ ...ix, data: Buffer.concat([ix.data, Buffer.of(0)]) } as TransactionInstruction))).toBe('approve_terms_mismatch');
    const other = approveCheckedInstruction(params, {
      source,
      mint: params.mint,
      delegate: facilitator.publicKey,
      owner: user.publicKey,
      ciphertext,
      decimals: 9,
      grant,
    });
    expect(rejectionOf(signed(other))).toBe('approve_terms_mismatch');
  });
});

describe("validateApproveTx: the seed's approve in a legacy open", () => {
  const MAX = 2_000_000n;
  const legacy: Partial<ApproveTerms> = { legacy: true, maxTopUpLamports: MAX };
  const seedApprove = (to: PublicKey, lamports: bigint): string =>
    signed(approve(), [SystemProgram.transfer({ fromPubkey: facilitator.publicKey, toPubkey: to, lamports }), userCreate(facilitator.publicKey)]);

  it('accepts [top-up facilitator→user up to the bound, create_idempotent paid by the facilitator, approve_checked]', () => {
    expect(rejectionOf(seedApprove(user.publicKey, MAX), legacy)).toBeUndefined();
  });

  it('refuses a top-up above the bound or to anyone but the approving user', () => {
    expect(rejectionOf(seedApprove(user.publicKey, MAX + 1n), legacy)).toBe('top_up_not_allowed');
    expect(rejectionOf(seedApprove(Keypair.generate().publicKey, 1n), legacy)).toBe('top_up_not_allowed');
  });

  it('refuses the same transaction outside a legacy open, or with no top-up allowed', () => {
    expect(rejectionOf(seedApprove(user.publicKey, 1n))).toBe('unexpected_instruction');
    expect(rejectionOf(seedApprove(user.publicKey, 1n), { legacy: true, maxTopUpLamports: 0n })).toBe('unexpected_instruction');
    expect(rejectionOf(signed(approve(), [userCreate(facilitator.publicKey)]))).toBe('create_payer');
  });
});
