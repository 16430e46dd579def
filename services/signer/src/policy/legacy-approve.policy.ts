import { SystemInstruction, SystemProgram, TransactionInstruction, type PublicKey } from '@solana/web3.js';
import { approvePolicy, type ApproveTerms } from './approve.policy';
import { checkCreateIdempotent } from './inco-account.rules';
import { incoInstructionName } from './inco-instruction.reader';
import type { PolicyParams } from './policy-params';
import { type PolicyVerdict, refuse, verdictOf } from './policy-verdict';
import type { InstructionView, TransactionView } from './transaction-view';

/**
 * The seed's (solana-x402-sessions) session approve, signed only for a legacy open: everything
 * {@link approvePolicy} requires, plus the seed's facilitator-paid create_idempotent of the user's
 * own account, plus at most one System transfer from the facilitator to the
 * approving user (the seed tops the user up so their wallet can pay the allowance rent) of at most
 * `params.maxLegacyTopUpLamports`, the signer's own bound (0 or unset: no top-up is signed). The
 * user is the one whose signature the approve carries and whose account it delegates, so the
 * lamports can reach no one else; the ledger counts them in the session's lamport budget.
 */
export function legacyApprovePolicy(view: TransactionView, terms: ApproveTerms, params: PolicyParams): PolicyVerdict {
  let rest: TransactionView = view;
  const outer = verdictOf(() => {
    const topUps = view.instructions.filter((ix) => ix.programId.equals(SystemProgram.programId));
    if (topUps.length > 1) refuse('top_up_count', `expected at most one SOL top-up, found ${topUps.length}`);
    const topUp = topUps[0];
    if (topUp) checkTopUp(topUp, terms.user, params);
    const seedCreate = facilitatorPaidUserCreate(view, terms.user, params);
    rest = { ...view, instructions: view.instructions.filter((ix) => ix !== topUp && ix !== seedCreate) };
  });
  return outer.ok ? approvePolicy(rest, terms, params) : outer;
}

/**
 * The seed's approve creates the user's own token account with the facilitator as rent payer
 * (quietpay's own approve must have the user pay it). Accepted here once, for the user's own
 * account only (checkCreateIdempotent); its rent is counted in the session's lamport budget.
 */
function facilitatorPaidUserCreate(view: TransactionView, user: PublicKey, params: PolicyParams): InstructionView | undefined {
  const creates = view.instructions.filter(
    (ix) => ix.programId.equals(params.incoToken) && incoInstructionName(ix) === 'create_idempotent' && ix.accounts[0]?.key.equals(params.facilitator),
  );
  if (creates.length > 1) refuse('create_count', `expected at most one facilitator-paid create_idempotent, found ${creates.length}`);
  const create = creates[0];
  if (create) checkCreateIdempotent(create, params, user, [params.facilitator]);
  return create;
}

function checkTopUp(ix: InstructionView, user: PublicKey, params: PolicyParams): void {
  const instruction = new TransactionInstruction({
    programId: ix.programId,
    keys: ix.accounts.map((a) => ({ pubkey: a.key, isSigner: a.signer, isWritable: a.writable })),
    data: Buffer.from(ix.data),
  });
  let decoded: ReturnType<typeof SystemInstruction.decodeTransfer>;
  try {
    if (SystemInstruction.decodeInstructionType(instruction) !== 'Transfer') throw new RangeError('not a transfer');
    decoded = SystemInstruction.decodeTransfer(instruction);
  } catch {
    return refuse('unexpected_instruction', `instruction ${ix.position}: the only System instruction allowed is a transfer`);
  }
  if (ix.accounts.length !== 2) refuse('unexpected_instruction', `instruction ${ix.position}: a transfer names exactly two accounts`);
  if (!decoded.fromPubkey.equals(params.facilitator))
    refuse('top_up_source_mismatch', `instruction ${ix.position}: the top-up comes from ${decoded.fromPubkey.toBase58()}`);
  if (!decoded.toPubkey.equals(user))
    refuse('top_up_target_mismatch', `instruction ${ix.position}: the top-up goes to ${decoded.toPubkey.toBase58()}, not the approving user`);
  const max = params.maxLegacyTopUpLamports ?? 0n;
  if (decoded.lamports > max) refuse('top_up_too_large', `instruction ${ix.position}: ${decoded.lamports} lamports above the ${max} allowed`);
}
