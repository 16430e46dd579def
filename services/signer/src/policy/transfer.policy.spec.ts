import { PolicyContext, SignPurpose, type SignSettlementTransferRequest } from '@quietpay/contracts';
import {
  type AccountCreationTerms,
  type ChargeAuthorizationTerms,
  LedgerAuthorityKey,
  ledgerAccountCreationVerifier,
  ledgerAuthorityVerifier,
  Secret,
} from '@quietpay/platform';
import { secp256k1 } from '@noble/curves/secp256k1';
import {
  allowanceAddress,
  createIdempotentInstruction,
  encryptAmountWithOpening,
  incoTokenAccountAddress,
  resolveProgramIds,
  transferInstruction,
} from '@quietpay/solana';
import { Keypair, SystemProgram, type TransactionInstruction, TransactionMessage, VersionedTransaction } from '@solana/web3.js';
import { describe, expect, it } from 'vitest';
import { type TransferAuthority, authorizedTransferPolicy } from './authorized-transfer.policy';
import { createAccountPolicy } from './create-account.policy';
import { decryptAuthPolicy } from './decrypt-auth.policy';
import type { PolicyParams } from './policy-params';
import { evaluateSignRequest } from './purpose-policy';
import { viewTransaction } from './transaction-view';

const ids = resolveProgramIds();
const facilitator = Keypair.generate().publicKey;
const user = Keypair.generate().publicKey;
const merchant = Keypair.generate().publicKey;
const params: PolicyParams = {
  facilitator,
  mint: ids.incoMint,
  decimals: 6,
  incoToken: ids.incoToken,
  incoLightning: ids.incoLightning,
  maxComputeUnitPriceMicroLamports: 0n,
};
const ata = (w: typeof user) => incoTokenAccountAddress(ids, w, ids.incoMint);
const blockhash = Keypair.generate().publicKey.toBase58();

const teePublicKey = Buffer.from(secp256k1.getPublicKey(new Uint8Array(32).fill(9), false)).toString('hex');
const keyOf = (pair: Keypair) => LedgerAuthorityKey.fromKeypairFile(new Secret('ledger.json', Buffer.from(JSON.stringify(Array.from(pair.secretKey)))));
const ledgerPair = Keypair.generate();
const ledger = keyOf(ledgerPair);
const authority: TransferAuthority = {
  verify: ledgerAuthorityVerifier(ledgerPair.publicKey.toBase58()),
  verifyAccountCreation: ledgerAccountCreationVerifier(ledgerPair.publicKey.toBase58()),
  teePublicKey,
};
const NOW = 1_900_000_000;
const AMOUNT = 10_000n;
const authorized: ChargeAuthorizationTerms = {
  kind: 'charge',
  id: 'sess_1.c1',
  sessionId: 'sess_1',
  amount: AMOUNT,
  user: user.toBase58(),
  recipient: merchant.toBase58(),
  mint: ids.incoMint.toBase58(),
  network: 'solana:localnet',
  expiresAtUnix: NOW + 120,
  members: ['sess_1.c1'],
};
const sealed = encryptAmountWithOpening(AMOUNT, teePublicKey);

function transferIx(overrides: Partial<Parameters<typeof transferInstruction>[1]> = {}): TransactionInstruction {
  return transferInstruction(ids, {
    source: ata(user),
    destination: ata(merchant),
    authority: facilitator,
    ciphertext: sealed.ciphertext,
    grants: [
      { allowance: allowanceAddress(ids, 1n, user), allowed: user },
      { allowance: allowanceAddress(ids, 2n, merchant), allowed: merchant },
    ],
    ...overrides,
  });
}

const wire = (instructions: TransactionInstruction[]) =>
  Buffer.from(
    new VersionedTransaction(new TransactionMessage({ payerKey: facilitator, recentBlockhash: blockhash, instructions }).compileToLegacyMessage()).serialize(),
  ).toString('base64');
const view = (instructions: TransactionInstruction[]) => viewTransaction(wire(instructions));
const createMerchant = createIdempotentInstruction(ids, { payer: facilitator, associatedToken: ata(merchant), wallet: merchant, mint: ids.incoMint });

/** The signer's verdict on a settlement transfer request built from these parts. */
function verdict(
  instructions: TransactionInstruction[],
  over: { terms?: Partial<ChargeAuthorizationTerms>; signedBy?: LedgerAuthorityKey; request?: Partial<SignSettlementTransferRequest>; now?: number } = {},
) {
  const authorization = (over.signedBy ?? ledger).sign({ ...authorized, ...over.terms });
  const request: SignSettlementTransferRequest = { unsignedTxBase64: wire(instructions), authorization, opening: sealed.opening, ...over.request };
  return authorizedTransferPolicy(request, authority, params, over.now ?? NOW).verdict;
}

describe('authorizedTransferPolicy', () => {
  it('accepts one delegate transfer of exactly the authorized amount, optionally after creating the recipient account', () => {
    expect(verdict([transferIx()])).toEqual({ ok: true });
    expect(verdict([createMerchant, transferIx()])).toEqual({ ok: true });
  });

  it('refuses an authorization signed by another key, tampered with, or expired', () => {
    expect(verdict([transferIx()], { signedBy: keyOf(Keypair.generate()) })).toMatchObject({ ok: false, reason: 'authorization_forged' });
    const honest = ledger.sign(authorized);
    const inflated = new TextEncoder().encode(new TextDecoder().decode(honest.payload).replace('amount=10000', 'amount=500000'));
    expect(verdict([transferIx()], { request: { authorization: { payload: inflated, signature: honest.signature } } })).toMatchObject({
      ok: false,
      reason: 'authorization_forged',
    });
    expect(verdict([transferIx()], { now: NOW + 120 })).toMatchObject({ ok: false, reason: 'authorization_expired' });
    expect(verdict([transferIx()], { request: { authorization: undefined } })).toMatchObject({ ok: false, reason: 'authorization_required' });
  });

  it('refuses a ciphertext that encrypts another amount, or that the opening does not reproduce', () => {
    const inflated = encryptAmountWithOpening(500_000n, teePublicKey);
    expect(verdict([transferIx({ ciphertext: inflated.ciphertext })])).toMatchObject({ ok: false, reason: 'amount_mismatch' });
    expect(verdict([transferIx({ ciphertext: inflated.ciphertext })], { request: { opening: inflated.opening } })).toMatchObject({
      ok: false,
      reason: 'amount_mismatch',
    });
    expect(verdict([transferIx()], { terms: { amount: AMOUNT + 1n } })).toMatchObject({ ok: false, reason: 'amount_mismatch' });
    const otherTee = Buffer.from(secp256k1.getPublicKey(new Uint8Array(32).fill(8), false)).toString('hex');
    const toOtherTee = encryptAmountWithOpening(AMOUNT, otherTee);
    expect(verdict([transferIx({ ciphertext: toOtherTee.ciphertext })], { request: { opening: toOtherTee.opening } })).toMatchObject({
      ok: false,
      reason: 'amount_mismatch',
    });
  });

  it('refuses parties, mint, destinations, authorities and extra instructions the authorization does not name', () => {
    const stranger = Keypair.generate().publicKey;
    expect(verdict([transferIx()], { terms: { recipient: stranger.toBase58() } })).toMatchObject({ ok: false, reason: 'destination_mismatch' });
    expect(verdict([transferIx()], { terms: { mint: stranger.toBase58() } })).toMatchObject({ ok: false, reason: 'mint_mismatch' });
    expect(verdict([transferIx({ destination: ata(stranger) })])).toMatchObject({ ok: false, reason: 'destination_mismatch' });
    expect(verdict([transferIx({ authority: user })])).toMatchObject({ ok: false, reason: 'unexpected_signer' });
    expect(verdict([transferIx({ source: ata(facilitator) })])).toMatchObject({ ok: false, reason: 'source_mismatch' });
    expect(verdict([transferIx(), transferIx()])).toMatchObject({ ok: false, reason: 'transfer_count' });
    const drain = SystemProgram.transfer({ fromPubkey: facilitator, toPubkey: stranger, lamports: 5 });
    expect(verdict([transferIx(), drain])).toMatchObject({ ok: false, reason: 'moves_facilitator_funds' });
    expect(verdict([transferIx()], { terms: { recipient: facilitator.toBase58() } })).toMatchObject({ ok: false, reason: 'facilitator_as_party' });
  });

  it('never signs a settlement transfer on the v1 sign subject, whatever its policy context claims', () => {
    const context: PolicyContext = {
      sessionId: 'sess_1',
      settlementId: 'sess_1.c1',
      user: user.toBase58(),
      recipient: merchant.toBase58(),
      asset: ids.incoMint.toBase58(),
      amount: '10000',
      network: 'solana:localnet',
    };
    expect(evaluateSignRequest(SignPurpose.SETTLEMENT_TRANSFER, wire([transferIx()]), context, params).verdict).toMatchObject({
      ok: false,
      reason: 'authorization_required',
    });
  });
});

describe('createAccountPolicy', () => {
  it('accepts only one create_idempotent for the named wallet paid by the facilitator', () => {
    expect(createAccountPolicy(view([createMerchant]), merchant, params)).toEqual({ ok: true });
    expect(createAccountPolicy(view([createMerchant]), user, params)).toMatchObject({ ok: false, reason: 'token_account_mismatch' });
    expect(createAccountPolicy(view([createMerchant, transferIx()]), merchant, params)).toMatchObject({ ok: false, reason: 'unexpected_inco_instruction' });
  });
});

describe('a facilitator-paid account creation (sign.v1, CREATE_ACCOUNT)', () => {
  const registered: AccountCreationTerms = {
    wallet: merchant.toBase58(),
    mint: ids.incoMint.toBase58(),
    network: 'solana:localnet',
    sessionId: 'sess_1',
    expiresAtUnix: NOW + 120,
  };
  const context: PolicyContext = {
    sessionId: 'sess_1',
    settlementId: '',
    user: user.toBase58(),
    recipient: merchant.toBase58(),
    asset: ids.incoMint.toBase58(),
    amount: '0',
    network: 'solana:localnet',
  };
  const creationVerdict = (instructions: TransactionInstruction[], signed?: ReturnType<LedgerAuthorityKey['signAccountCreation']>, now = NOW) =>
    evaluateSignRequest(SignPurpose.CREATE_ACCOUNT, wire(instructions), context, params, signed ? authority.verifyAccountCreation(signed, now) : undefined)
      .verdict;

  it("is signed only with the ledger's authorization naming the account's wallet", () => {
    expect(creationVerdict([createMerchant], ledger.signAccountCreation(registered))).toEqual({ ok: true });
  });

  it('is refused without an authorization, whatever the policy context claims, and with a forged, expired, other-wallet or other-mint one', () => {
    expect(creationVerdict([createMerchant])).toMatchObject({ ok: false, reason: 'authorization_required' });
    expect(creationVerdict([createMerchant], keyOf(Keypair.generate()).signAccountCreation(registered))).toMatchObject({
      ok: false,
      reason: 'authorization_forged',
    });
    expect(creationVerdict([createMerchant], ledger.signAccountCreation(registered), NOW + 120)).toMatchObject({ ok: false, reason: 'authorization_expired' });
    const stranger = Keypair.generate().publicKey.toBase58();
    expect(creationVerdict([createMerchant], ledger.signAccountCreation({ ...registered, wallet: stranger }))).toMatchObject({
      ok: false,
      reason: 'token_account_mismatch',
    });
    expect(creationVerdict([createMerchant], ledger.signAccountCreation({ ...registered, mint: stranger }))).toMatchObject({
      ok: false,
      reason: 'mint_mismatch',
    });
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
