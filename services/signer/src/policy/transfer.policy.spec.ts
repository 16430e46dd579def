import { allowanceAddress, createIdempotentInstruction, incoTokenAccountAddress, resolveProgramIds, transferInstruction } from '@quietpay/solana';
import { Keypair, SystemProgram, type TransactionInstruction, TransactionMessage, VersionedTransaction } from '@solana/web3.js';
import { describe, expect, it } from 'vitest';
import { createAccountPolicy } from './create-account.policy';
import { decryptAuthPolicy } from './decrypt-auth.policy';
import type { PolicyParams } from './policy-params';
import { transferPolicy } from './transfer.policy';
import { viewTransaction } from './transaction-view';

const ids = resolveProgramIds();
const facilitator = Keypair.generate().publicKey;
const user = Keypair.generate().publicKey;
const merchant = Keypair.generate().publicKey;
const params: PolicyParams = { facilitator, mint: ids.incoMint, decimals: 6, incoToken: ids.incoToken, incoLightning: ids.incoLightning, maxComputeUnitPriceMicroLamports: 0n };
const ata = (w: typeof user) => incoTokenAccountAddress(ids, w, ids.incoMint);
const blockhash = Keypair.generate().publicKey.toBase58();

function transferIx(overrides: Partial<Parameters<typeof transferInstruction>[1]> = {}): TransactionInstruction {
  return transferInstruction(ids, {
    source: ata(user), destination: ata(merchant), authority: facilitator, ciphertext: new Uint8Array(119),
    grants: [{ allowance: allowanceAddress(ids, 1n, user), allowed: user }, { allowance: allowanceAddress(ids, 2n, merchant), allowed: merchant }],
    ...overrides,
  });
}

const view = (instructions: TransactionInstruction[]) =>
  viewTransaction(Buffer.from(new VersionedTransaction(new TransactionMessage({ payerKey: facilitator, recentBlockhash: blockhash, instructions }).compileToLegacyMessage()).serialize()).toString('base64'));
const terms = { user, recipient: merchant, mint: ids.incoMint };
const createMerchant = createIdempotentInstruction(ids, { payer: facilitator, associatedToken: ata(merchant), wallet: merchant, mint: ids.incoMint });

describe('transferPolicy', () => {
  it('accepts one delegate transfer, optionally after creating the recipient account', () => {
    expect(transferPolicy(view([transferIx()]), terms, params)).toEqual({ ok: true });
    expect(transferPolicy(view([createMerchant, transferIx()]), terms, params)).toEqual({ ok: true });
  });

  it('refuses other destinations, authorities, extra instructions and the facilitator as source', () => {
    const stranger = Keypair.generate().publicKey;
    expect(transferPolicy(view([transferIx({ destination: ata(stranger) })]), terms, params)).toMatchObject({ ok: false, reason: 'destination_mismatch' });
    expect(transferPolicy(view([transferIx({ authority: user })]), terms, params)).toMatchObject({ ok: false, reason: 'unexpected_signer' });
    expect(transferPolicy(view([transferIx({ source: ata(facilitator) })]), terms, params)).toMatchObject({ ok: false, reason: 'source_mismatch' });
    expect(transferPolicy(view([transferIx(), transferIx()]), terms, params)).toMatchObject({ ok: false, reason: 'transfer_count' });
    const drain = SystemProgram.transfer({ fromPubkey: facilitator, toPubkey: stranger, lamports: 5 });
    expect(transferPolicy(view([transferIx(), drain]), terms, params)).toMatchObject({ ok: false, reason: 'moves_facilitator_funds' });
    expect(transferPolicy(view([transferIx()]), { ...terms, recipient: facilitator }, params)).toMatchObject({ ok: false, reason: 'facilitator_as_party' });
  });
});

describe('createAccountPolicy', () => {
  it('accepts only one create_idempotent for the named wallet paid by the facilitator', () => {
    expect(createAccountPolicy(view([createMerchant]), merchant, params)).toEqual({ ok: true });
    expect(createAccountPolicy(view([createMerchant]), user, params)).toMatchObject({ ok: false, reason: 'token_account_mismatch' });
    expect(createAccountPolicy(view([createMerchant, transferIx()]), merchant, params)).toMatchObject({ ok: false, reason: 'unexpected_inco_instruction' });
  });
});

describe('decryptAuthPolicy', () => {
  it('accepts a decimal u128 handle and nothing else', () => {
    expect(decryptAuthPolicy('340282366920938463463374607431768211455')).toEqual({ ok: true });
    for (const bad of ['0', '0123', '340282366920938463463374607431768211456', '12a', 'x'.repeat(10), '1'.repeat(40), '', '-5']) {
      expect(decryptAuthPolicy(bad)).toMatchObject({ ok: false, reason: 'not_a_handle' });
    }
  });
});
