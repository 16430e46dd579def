import {
  allowanceAddress,
  approveCheckedInstruction,
  createIdempotentInstruction,
  incoTokenAccountAddress,
  resolveProgramIds,
  transferInstruction,
} from '@quietpay/solana';
import {
  ComputeBudgetProgram,
  Keypair,
  PublicKey,
  SystemProgram,
  type TransactionInstruction,
  TransactionMessage,
  VersionedTransaction,
} from '@solana/web3.js';
import { describe, expect, it } from 'vitest';
import { approvePolicy } from './approve.policy';
import type { PolicyParams } from './policy-params';
import { viewTransaction } from './transaction-view';

const ids = resolveProgramIds();
const facilitator = Keypair.generate();
const user = Keypair.generate();
const params: PolicyParams = {
  facilitator: facilitator.publicKey,
  mint: ids.incoMint,
  decimals: 6,
  incoToken: ids.incoToken,
  incoLightning: ids.incoLightning,
  maxComputeUnitPriceMicroLamports: 1_000_000n,
};
const source = incoTokenAccountAddress(ids, user.publicKey, ids.incoMint);
const allowance = allowanceAddress(ids, 12345n, facilitator.publicKey);
const blockhash = Keypair.generate().publicKey.toBase58();

function approveIx(overrides: Partial<Parameters<typeof approveCheckedInstruction>[1]> = {}): TransactionInstruction {
  return approveCheckedInstruction(ids, {
    source,
    mint: ids.incoMint,
    delegate: facilitator.publicKey,
    owner: user.publicKey,
    ciphertext: new Uint8Array(120),
    decimals: 6,
    grant: { allowance, allowed: facilitator.publicKey },
    ...overrides,
  });
}

/** Wire bytes as the SDK sends them: compiled with the facilitator as fee payer, signed by the user only. */
function userSigned(instructions: TransactionInstruction[], payer = facilitator.publicKey, signer = user): string {
  const tx = new VersionedTransaction(new TransactionMessage({ payerKey: payer, recentBlockhash: blockhash, instructions }).compileToLegacyMessage());
  tx.sign([signer]);
  return Buffer.from(tx.serialize()).toString('base64');
}

const check = (instructions: TransactionInstruction[], payer?: PublicKey, signer?: Keypair) =>
  approvePolicy(viewTransaction(userSigned(instructions, payer, signer)), { user: user.publicKey, mint: ids.incoMint }, params);

const recipient = Keypair.generate().publicKey;
const recipientAccount = incoTokenAccountAddress(ids, recipient, ids.incoMint);
const createRecipient = (payer: PublicKey) =>
  createIdempotentInstruction(ids, { payer, associatedToken: recipientAccount, wallet: recipient, mint: ids.incoMint });
const checkToRecipient = (instructions: TransactionInstruction[]) =>
  approvePolicy(viewTransaction(userSigned(instructions)), { user: user.publicKey, mint: ids.incoMint, recipient }, params);

describe('approvePolicy', () => {
  it("accepts the session recipient's account created in the approve when the user pays its rent", () => {
    expect(checkToRecipient([createRecipient(user.publicKey), approveIx()])).toEqual({ ok: true });
  });

  it("refuses the recipient's account created at the facilitator's expense, twice, or with no recipient named", () => {
    expect(checkToRecipient([createRecipient(facilitator.publicKey), approveIx()])).toMatchObject({ ok: false, reason: 'payer_mismatch' });
    expect(checkToRecipient([createRecipient(user.publicKey), createRecipient(user.publicKey), approveIx()])).toMatchObject({
      ok: false,
      reason: 'create_count',
    });
    expect(check([createRecipient(user.publicKey), approveIx()])).toMatchObject({ ok: false, reason: 'token_account_mismatch' });
  });

  it('accepts approve_checked with ComputeBudget and the user-account create_idempotent paid by the user', () => {
    expect(check([approveIx()])).toEqual({ ok: true });
    const create = createIdempotentInstruction(ids, { payer: user.publicKey, associatedToken: source, wallet: user.publicKey, mint: ids.incoMint });
    expect(
      check([
        ComputeBudgetProgram.setComputeUnitLimit({ units: 200_000 }),
        ComputeBudgetProgram.setComputeUnitPrice({ microLamports: 1000 }),
        create,
        approveIx(),
      ]),
    ).toEqual({ ok: true });
  });

  it("refuses the user's own account created at the facilitator's expense", () => {
    const create = createIdempotentInstruction(ids, { payer: facilitator.publicKey, associatedToken: source, wallet: user.publicKey, mint: ids.incoMint });
    expect(check([create, approveIx()])).toMatchObject({ ok: false, reason: 'payer_mismatch' });
  });

  it('refuses an extra SOL transfer out of the facilitator', () => {
    const drain = SystemProgram.transfer({ fromPubkey: facilitator.publicKey, toPubkey: user.publicKey, lamports: 1_000_000_000 });
    expect(check([approveIx(), drain])).toMatchObject({ ok: false, reason: 'moves_facilitator_funds' });
  });

  it('refuses any other extra instruction, naming it', () => {
    const other = SystemProgram.transfer({ fromPubkey: user.publicKey, toPubkey: Keypair.generate().publicKey, lamports: 1 });
    expect(check([approveIx(), other])).toMatchObject({ ok: false, reason: 'unexpected_program', detail: expect.stringContaining('instruction 1') as unknown });
    const second = approveIx();
    expect(check([approveIx(), second])).toMatchObject({ ok: false, reason: 'approve_count' });
    const transfer = transferInstruction(ids, {
      source,
      destination: incoTokenAccountAddress(ids, facilitator.publicKey, ids.incoMint),
      authority: user.publicKey,
      ciphertext: new Uint8Array(120),
    });
    expect(check([approveIx(), transfer])).toMatchObject({ ok: false, reason: 'unexpected_inco_instruction' });
  });

  it('refuses a wrong delegate, mint, owner or decimals', () => {
    const strangerKey = Keypair.generate();
    const stranger = strangerKey.publicKey;
    expect(check([approveIx({ delegate: stranger, grant: { allowance, allowed: stranger } })])).toMatchObject({ ok: false, reason: 'delegate_mismatch' });
    expect(check([approveIx({ mint: Keypair.generate().publicKey })])).toMatchObject({ ok: false, reason: 'mint_mismatch' });
    // Another owner must sign, and only the session user may sign beside the facilitator.
    expect(check([approveIx({ owner: stranger })], undefined, strangerKey)).toMatchObject({ ok: false, reason: 'unexpected_signer' });
    expect(check([approveIx({ decimals: 9 })])).toMatchObject({ ok: false, reason: 'decimals_mismatch' });
  });

  it('refuses the facilitator as a writable source or in a writable allowance slot, and a foreign fee payer', () => {
    const facilitatorSource = incoTokenAccountAddress(ids, facilitator.publicKey, ids.incoMint);
    expect(check([approveIx({ source: facilitatorSource })])).toMatchObject({ ok: false, reason: 'source_mismatch' });
    expect(check([approveIx({ source: facilitator.publicKey })])).toMatchObject({ ok: false, reason: 'source_mismatch' });
    expect(check([approveIx({ grant: { allowance: facilitator.publicKey, allowed: facilitator.publicKey } })])).toMatchObject({
      ok: false,
      reason: 'allowance_account_invalid',
    });
    expect(check([approveIx()], user.publicKey)).toMatchObject({ ok: false, reason: 'fee_payer_mismatch' });
  });

  it('refuses a create_idempotent for someone else and an excessive priority fee', () => {
    const stranger = Keypair.generate().publicKey;
    const create = createIdempotentInstruction(ids, {
      payer: user.publicKey,
      associatedToken: incoTokenAccountAddress(ids, stranger, ids.incoMint),
      wallet: stranger,
      mint: ids.incoMint,
    });
    expect(check([create, approveIx()])).toMatchObject({ ok: false, reason: 'token_account_mismatch' });
    expect(check([ComputeBudgetProgram.setComputeUnitPrice({ microLamports: 5_000_000_000 }), approveIx()])).toMatchObject({
      ok: false,
      reason: 'compute_budget_too_high',
    });
  });

  it('refuses a transaction without a blockhash', () => {
    const tx = new VersionedTransaction(
      new TransactionMessage({
        payerKey: facilitator.publicKey,
        recentBlockhash: PublicKey.default.toBase58(),
        instructions: [approveIx()],
      }).compileToLegacyMessage(),
    );
    expect(() => viewTransaction(Buffer.from(tx.serialize()).toString('base64'))).toThrow(/missing_blockhash/);
  });
});
