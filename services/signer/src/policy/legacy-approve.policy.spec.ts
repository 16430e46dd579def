import { allowanceAddress, approveCheckedInstruction, createIdempotentInstruction, incoTokenAccountAddress, resolveProgramIds } from '@quietpay/solana';
import { Keypair, SystemProgram, type TransactionInstruction, TransactionMessage, VersionedTransaction } from '@solana/web3.js';
import { describe, expect, it } from 'vitest';
import { legacyApprovePolicy } from './legacy-approve.policy';
import type { PolicyParams } from './policy-params';
import { viewTransaction } from './transaction-view';

const ids = resolveProgramIds();
const facilitator = Keypair.generate();
const user = Keypair.generate();
const stranger = Keypair.generate();
const TOP_UP_MAX = 2_000_000n;
const params: PolicyParams = {
  facilitator: facilitator.publicKey,
  mint: ids.incoMint,
  decimals: 6,
  incoToken: ids.incoToken,
  incoLightning: ids.incoLightning,
  maxComputeUnitPriceMicroLamports: 1_000_000n,
  maxLegacyTopUpLamports: TOP_UP_MAX,
};
const source = incoTokenAccountAddress(ids, user.publicKey, ids.incoMint);
const allowance = allowanceAddress(ids, 777n, facilitator.publicKey);
const blockhash = Keypair.generate().publicKey.toBase58();
const approve = approveCheckedInstruction(ids, {
  source,
  mint: ids.incoMint,
  delegate: facilitator.publicKey,
  owner: user.publicKey,
  ciphertext: new Uint8Array(120),
  decimals: 6,
  grant: { allowance, allowed: facilitator.publicKey },
});
const create = createIdempotentInstruction(ids, { payer: facilitator.publicKey, associatedToken: source, wallet: user.publicKey, mint: ids.incoMint });
const topUp = (lamports: number | bigint, to = user.publicKey, from = facilitator.publicKey) =>
  SystemProgram.transfer({ fromPubkey: from, toPubkey: to, lamports });

function check(instructions: TransactionInstruction[], p: PolicyParams = params) {
  const tx = new VersionedTransaction(
    new TransactionMessage({ payerKey: facilitator.publicKey, recentBlockhash: blockhash, instructions }).compileToLegacyMessage(),
  );
  tx.sign([user]);
  return legacyApprovePolicy(viewTransaction(Buffer.from(tx.serialize()).toString('base64')), { user: user.publicKey, mint: ids.incoMint }, p);
}

describe('legacyApprovePolicy (the seed approve: top-up, create_idempotent paid by the facilitator, approve_checked)', () => {
  it("accepts the seed's transaction with a top-up up to the bound, and without one", () => {
    expect(check([topUp(TOP_UP_MAX), create, approve])).toEqual({ ok: true });
    expect(check([create, approve])).toEqual({ ok: true });
  });

  it('refuses a top-up above the bound, and any top-up when the signer allows none', () => {
    expect(check([topUp(TOP_UP_MAX + 1n), create, approve])).toMatchObject({ ok: false, reason: 'top_up_too_large' });
    const { maxLegacyTopUpLamports: _unset, ...noTopUps } = params;
    expect(check([topUp(1), create, approve], noTopUps)).toMatchObject({ ok: false, reason: 'top_up_too_large' });
    expect(check([topUp(1), create, approve], { ...params, maxLegacyTopUpLamports: 0n })).toMatchObject({ ok: false, reason: 'top_up_too_large' });
  });

  it('refuses a top-up to anyone but the approving user, two top-ups, and other System instructions', () => {
    expect(check([topUp(1000, stranger.publicKey), create, approve])).toMatchObject({ ok: false, reason: 'top_up_target_mismatch' });
    expect(check([topUp(1000), topUp(1000), create, approve])).toMatchObject({ ok: false, reason: 'top_up_count' });
    const assign = SystemProgram.assign({ accountPubkey: facilitator.publicKey, programId: stranger.publicKey });
    expect(check([assign, create, approve])).toMatchObject({ ok: false, reason: 'unexpected_instruction' });
  });

  it("accepts the facilitator paying only the user's own account, once", () => {
    const strangerAccount = incoTokenAccountAddress(ids, stranger.publicKey, ids.incoMint);
    const forStranger = createIdempotentInstruction(ids, {
      payer: facilitator.publicKey,
      associatedToken: strangerAccount,
      wallet: stranger.publicKey,
      mint: ids.incoMint,
    });
    expect(check([topUp(1000), forStranger, approve])).toMatchObject({ ok: false, reason: 'token_account_mismatch' });
    expect(check([topUp(1000), create, create, approve])).toMatchObject({ ok: false, reason: 'create_count' });
  });

  it('still runs every approve rule: a top-up does not make a bad approve signable', () => {
    const toStranger = approveCheckedInstruction(ids, {
      source,
      mint: ids.incoMint,
      delegate: stranger.publicKey,
      owner: user.publicKey,
      ciphertext: new Uint8Array(120),
      decimals: 6,
      grant: { allowance, allowed: stranger.publicKey },
    });
    expect(check([topUp(1000), create, toStranger])).toMatchObject({ ok: false, reason: 'delegate_mismatch' });
  });
});
