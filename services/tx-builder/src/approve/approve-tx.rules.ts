import { approveCheckedInstruction, createIdempotentInstruction, decodeIncoTokenInstruction, incoTokenAccountAddress } from '@quietpay/solana';
import { ed25519 } from '@noble/curves/ed25519';
import { ComputeBudgetInstruction, ComputeBudgetProgram, PublicKey, SystemProgram, TransactionInstruction, VersionedTransaction } from '@solana/web3.js';
import type { ChainParams } from '../chain/chain-params';
import { topUpRefusal } from './legacy-top-up.rule';

/** A rule the client's approve transaction broke: `reason` is stable, `detail` names the instruction. */
export class ApproveRejection extends Error {
  constructor(
    readonly reason: string,
    readonly detail: string,
  ) {
    super(`${reason}: ${detail}`);
  }
}

const reject = (reason: string, detail: string): never => {
  throw new ApproveRejection(reason, detail);
};

export interface ApproveTerms {
  readonly user: PublicKey;
  readonly mint: PublicKey;
  /** The session recipient: the approve may create its token account, paid by the user. */
  readonly recipient?: PublicKey;
  /** A legacy (seed-shaped) open: the one facilitator→user SOL top-up allowed, in lamports (0/unset: none). */
  readonly maxTopUpLamports?: bigint;
  /** A legacy (seed-shaped) open: the user's own account may be created with the facilitator as payer. */
  readonly legacy?: boolean;
}

export interface ValidatedApprove {
  readonly tx: VersionedTransaction;
  readonly source: PublicKey;
  readonly allowance: PublicKey;
  readonly recentBlockhash: string;
  /** The approve creates the recipient's token account (user-paid). */
  readonly createsRecipient: boolean;
}

interface CompiledIx {
  readonly position: number;
  readonly programId: PublicKey;
  readonly keys: readonly PublicKey[];
  readonly data: Uint8Array;
}

const sameBytes = (a: Uint8Array, b: Uint8Array) => Buffer.from(a).equals(Buffer.from(b));
const MAX_COMPUTE_UNITS = 1_400_000;

/**
 * Validates every instruction of the user's partially signed approve against the session terms.
 * Rather than reading fields one by one, each IncoToken instruction is rebuilt from the terms
 * (only the ciphertext and the allowance PDA come from the client) and must equal the client's
 * byte for byte, accounts in order included. The signer checks the same rules its own way.
 * The approve may also create the session recipient's token account, paid by the user (the way an
 * unregistered recipient's account comes to exist: the facilitator never pays for it).
 */
export function validateApproveTx(base64: string, terms: ApproveTerms, p: ChainParams): ValidatedApprove {
  let tx: VersionedTransaction;
  try {
    tx = VersionedTransaction.deserialize(Buffer.from(base64, 'base64'));
  } catch {
    return reject('malformed_transaction', 'not a serialized transaction');
  }
  const message = tx.message;
  const keys = message.staticAccountKeys;
  if (message.addressTableLookups.length > 0) reject('address_lookup_table', 'lookup tables are not accepted');
  if (!message.recentBlockhash || message.recentBlockhash === PublicKey.default.toBase58()) reject('missing_blockhash', 'no recent blockhash');
  if (!keys[0]?.equals(p.facilitator)) reject('fee_payer_mismatch', `fee payer is ${keys[0]?.toBase58() ?? 'none'}`);
  if (terms.user.equals(p.facilitator)) reject('facilitator_as_party', 'the user must not be the facilitator');
  if (!terms.mint.equals(p.mint)) reject('mint_mismatch', `asset ${terms.mint.toBase58()} is not the configured mint`);
  checkUserSignature(tx, terms.user);

  const source = incoTokenAccountAddress(p, terms.user, p.mint);
  const instructions: CompiledIx[] = message.compiledInstructions.map((ix, position) => ({
    position,
    programId: keys[ix.programIdIndex] ?? reject('malformed_transaction', `instruction ${position} has no program`),
    keys: ix.accountKeyIndexes.map((i) => keys[i] ?? reject('malformed_transaction', `instruction ${position} names a missing account`)),
    data: ix.data,
  }));
  const approves: PublicKey[] = [];
  let recipientCreates = 0;
  let topUps = 0;
  for (const ix of instructions) {
    if (ix.programId.equals(ComputeBudgetProgram.programId)) checkComputeBudget(ix, p);
    else if (ix.programId.equals(SystemProgram.programId) && (terms.maxTopUpLamports ?? 0n) > 0n && ++topUps === 1) {
      const refusal = topUpRefusal(ix, p.facilitator, terms.user, terms.maxTopUpLamports ?? 0n);
      if (refusal !== undefined) reject('top_up_not_allowed', refusal);
    } else if (ix.programId.equals(p.incoToken) && startsWith(ix.data, approveCheckedInstruction)) approves.push(checkApprove(ix, terms, source, p));
    else if (ix.programId.equals(p.incoToken) && ix.data.length === 8 && createsForRecipient(ix, terms)) recipientCreates += checkRecipientCreate(ix, terms, p);
    else if (ix.programId.equals(p.incoToken) && ix.data.length === 8) checkCreate(ix, terms, source, p);
    else reject('unexpected_instruction', `instruction ${ix.position} (${ix.programId.toBase58()}) is not allowed in a session approve`);
  }
  const allowance = approves.length === 1 ? approves[0] : undefined;
  if (!allowance) return reject('approve_count', `expected exactly one approve_checked, found ${approves.length}`);
  if (recipientCreates > 1) reject('create_count', `expected at most one create of the recipient's account, found ${recipientCreates}`);
  // Writability is per message: only the fee payer, the user, its token account, the allowance and
  // (when the approve creates it) the recipient's token account may be written.
  const writable = [p.facilitator, terms.user, source, allowance];
  if (recipientCreates > 0 && terms.recipient) writable.push(incoTokenAccountAddress(p, terms.recipient, p.mint));
  keys.forEach((key, index) => {
    if (message.isAccountWritable(index) && !writable.some((k) => k.equals(key))) reject('unexpected_writable_account', `${key.toBase58()} is writable`);
  });
  return { tx, source, allowance, recentBlockhash: message.recentBlockhash, createsRecipient: recipientCreates > 0 };
}

/** A create_idempotent naming the session recipient (not the user) as its wallet (slot 2). */
function createsForRecipient(ix: CompiledIx, terms: ApproveTerms): boolean {
  return terms.recipient !== undefined && !terms.recipient.equals(terms.user) && ix.keys[2]?.equals(terms.recipient) === true;
}

/** The recipient's account, created by the approve at the user's expense only (never the facilitator's). */
function checkRecipientCreate(ix: CompiledIx, terms: ApproveTerms, p: ChainParams): number {
  const recipient = terms.recipient ?? reject('create_terms_mismatch', `instruction ${ix.position}: no recipient`);
  if (recipient.equals(p.facilitator)) reject('facilitator_as_party', 'the recipient must not be the facilitator');
  const payer = ix.keys[0] ?? reject('malformed_instruction', `instruction ${ix.position}: no payer`);
  if (!payer.equals(terms.user))
    reject('recipient_create_payer', `instruction ${ix.position}: the recipient's account must be paid by the user, not ${payer.toBase58()}`);
  const account = incoTokenAccountAddress(p, recipient, p.mint);
  expectSame(ix, createIdempotentInstruction(p, { payer, associatedToken: account, wallet: recipient, mint: p.mint }), 'create_terms_mismatch');
  return 1;
}

function checkUserSignature(tx: VersionedTransaction, user: PublicKey): void {
  const signers = tx.message.staticAccountKeys.slice(0, tx.message.header.numRequiredSignatures);
  const index = signers.findIndex((k) => k.equals(user));
  if (index < 0) reject('owner_not_signer', 'the user is not a signer');
  if (signers.length !== 2) reject('unexpected_signer', `expected the facilitator and the user as signers, found ${signers.length}`);
  const signature = tx.signatures[index];
  if (!signature || !ed25519.verify(signature, tx.message.serialize(), user.toBytes()))
    reject('user_signature_invalid', "the user's signature does not verify");
}

function startsWith(data: Uint8Array, build: typeof approveCheckedInstruction): boolean {
  const probe = build(
    { incoToken: PublicKey.default, incoLightning: PublicKey.default },
    {
      source: PublicKey.default,
      mint: PublicKey.default,
      delegate: PublicKey.default,
      owner: PublicKey.default,
      ciphertext: new Uint8Array(0),
      decimals: 0,
    },
  );
  return sameBytes(data.subarray(0, 8), probe.data.subarray(0, 8));
}

function expectSame(ix: CompiledIx, expected: TransactionInstruction, reason: string): void {
  const keysMatch = expected.keys.length === ix.keys.length && expected.keys.every((meta, i) => ix.keys[i]?.equals(meta.pubkey));
  if (!keysMatch) {
    const slot = expected.keys.findIndex((meta, i) => !ix.keys[i]?.equals(meta.pubkey));
    reject(reason, `instruction ${ix.position}: account ${slot < 0 ? expected.keys.length : slot} differs from the session terms`);
  }
  if (!sameBytes(ix.data, expected.data)) reject(reason, `instruction ${ix.position}: data differs from the session terms (decimals, input type or layout)`);
}

function checkApprove(ix: CompiledIx, terms: ApproveTerms, source: PublicKey, p: ChainParams): PublicKey {
  // The ciphertext as the IncoToken IDL reads it; everything else is compared byte for byte below.
  const decoded = decodeIncoTokenInstruction(ix.data);
  const ciphertext = decoded?.name === 'approve_checked' ? (decoded.args['ciphertext'] as Uint8Array) : undefined;
  if (ciphertext === undefined) return reject('malformed_instruction', `instruction ${ix.position}: approve_checked arguments do not decode`);
  const allowance = ix.keys[6] ?? reject('malformed_instruction', `instruction ${ix.position}: no allowance account`);
  // A PDA is off the curve: a wallet (the facilitator's above all) cannot pose as the allowance.
  if (PublicKey.isOnCurve(allowance.toBytes())) reject('allowance_account_invalid', `instruction ${ix.position}: allowance is not a PDA`);
  const expected = approveCheckedInstruction(p, {
    source,
    mint: p.mint,
    delegate: p.facilitator,
    owner: terms.user,
    ciphertext,
    decimals: p.decimals,
    grant: { allowance, allowed: p.facilitator },
  });
  expectSame(ix, expected, 'approve_terms_mismatch');
  return allowance;
}

/**
 * The user's own account, paid by the user: the facilitator pays no stranger's rent (an account
 * created in the approve holds nothing yet, so no legitimate client needs the facilitator to pay it).
 */
function checkCreate(ix: CompiledIx, terms: ApproveTerms, source: PublicKey, p: ChainParams): void {
  const payer = ix.keys[0] ?? reject('malformed_instruction', `instruction ${ix.position}: no payer`);
  // The seed's approve (a legacy open) has the facilitator pay the user's own account: allowed there only.
  if (payer.equals(p.facilitator) && !terms.legacy)
    reject('create_payer', `instruction ${ix.position}: the user's account must be paid by the user, not the facilitator`);
  const seedPayer = terms.legacy === true && payer.equals(p.facilitator);
  if (!payer.equals(terms.user) && !seedPayer) reject('create_terms_mismatch', `instruction ${ix.position}: payer ${payer.toBase58()}`);
  expectSame(ix, createIdempotentInstruction(p, { payer, associatedToken: source, wallet: terms.user, mint: p.mint }), 'create_terms_mismatch');
}

function checkComputeBudget(ix: CompiledIx, p: ChainParams): void {
  const decoded = new TransactionInstruction({ programId: ix.programId, keys: [], data: Buffer.from(ix.data) });
  if (ix.keys.length > 0) reject('unexpected_instruction', `instruction ${ix.position}: ComputeBudget with accounts`);
  let type = '';
  try {
    type = ComputeBudgetInstruction.decodeInstructionType(decoded);
  } catch {
    reject('unexpected_instruction', `instruction ${ix.position}: undecodable ComputeBudget`);
  }
  if (type === 'SetComputeUnitLimit' && ComputeBudgetInstruction.decodeSetComputeUnitLimit(decoded).units <= MAX_COMPUTE_UNITS) return;
  if (type === 'SetComputeUnitPrice' && BigInt(ComputeBudgetInstruction.decodeSetComputeUnitPrice(decoded).microLamports) <= p.maxComputeUnitPriceMicroLamports)
    return;
  reject('compute_budget_not_allowed', `instruction ${ix.position}: ${type} outside the allowed bounds`);
}
