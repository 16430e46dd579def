import type { PublicKey } from '@solana/web3.js';
import { accountAt, expectKey, readIncoArgs } from './inco-instruction.reader';
import { checkCreateIdempotent, expectAccountCount, expectAllowanceSlot, expectPrograms, tokenAccountOf } from './inco-account.rules';
import { checkWritableSet, requireDistinct, walkInstructions } from './instruction-walk.rule';
import type { PolicyParams } from './policy-params';
import { type PolicyVerdict, refuse, verdictOf } from './policy-verdict';
import type { InstructionView, TransactionView } from './transaction-view';

export interface ApproveTerms {
  readonly user: PublicKey;
  readonly mint: PublicKey;
  /** The session's recipient, when the caller names one: its account may be created, user-paid. */
  readonly recipient?: PublicKey;
}

/**
 * The user's session approve, co-signed by the facilitator as fee payer: ComputeBudget, a
 * create_idempotent of the user's own account and at most one of the session recipient's account,
 * each paid by the user (the facilitator pays rent only for registered recipients, in a separate
 * transaction with the ledger's account-creation authorization), and exactly one approve_checked
 * making the facilitator the delegate of the user's account for the configured mint. The
 * facilitator appears only as fee payer, delegate and allowance grantee.
 */
export function approvePolicy(view: TransactionView, terms: ApproveTerms, params: PolicyParams): PolicyVerdict {
  return verdictOf(() => {
    requireDistinct(params.facilitator, terms.user, 'user');
    if (!terms.mint.equals(params.mint)) refuse('mint_mismatch', `session asset ${terms.mint.toBase58()} is not the configured mint`);
    const source = tokenAccountOf(params, terms.user);
    const allowances: PublicKey[] = [];
    const recipientAccount = terms.recipient ? [tokenAccountOf(params, terms.recipient)] : [];
    if (terms.recipient) requireDistinct(params.facilitator, terms.recipient, 'recipient');
    let approves = 0;
    let recipientCreates = 0;
    walkInstructions(view, params, [terms.user], (ix, name) => {
      if (name === 'create_idempotent' && terms.recipient && createsFor(ix, terms.recipient) && !terms.recipient.equals(terms.user)) {
        recipientCreates += 1;
        // Paid by the user only: the recipient is not registered (or the ledger would have had the
        // facilitator create it with its authorization).
        checkCreateIdempotent(ix, params, terms.recipient, [terms.user]);
      } else if (name === 'create_idempotent') checkCreateIdempotent(ix, params, terms.user, [terms.user]);
      else if (name === 'approve_checked') {
        approves += 1;
        allowances.push(checkApproveChecked(ix, params, terms.user, source));
      } else refuse('unexpected_inco_instruction', `instruction ${ix.position} is ${name}`);
    });
    if (approves !== 1) refuse('approve_count', `expected exactly one approve_checked, found ${approves}`);
    if (recipientCreates > 1) refuse('create_count', `expected at most one create of the recipient's account, found ${recipientCreates}`);
    if (!view.requiredSigners.some((k) => k.equals(terms.user))) refuse('owner_not_signer', 'the user does not sign');
    checkWritableSet(view, [source, terms.user, ...allowances, ...(recipientCreates > 0 ? recipientAccount : [])]);
  });
}

/** Whether a create_idempotent names `wallet` as the account owner (slot 2). */
function createsFor(ix: InstructionView, wallet: PublicKey): boolean {
  return ix.accounts[2]?.key.equals(wallet) === true;
}

function checkApproveChecked(ix: InstructionView, params: PolicyParams, user: PublicKey, source: PublicKey): PublicKey {
  expectAccountCount(ix, 8);
  expectKey(ix, 0, 'source', source, 'source_mismatch');
  expectKey(ix, 1, 'mint', params.mint, 'mint_mismatch');
  expectKey(ix, 2, 'delegate', params.facilitator, 'delegate_mismatch');
  const owner = expectKey(ix, 3, 'owner', user, 'owner_mismatch');
  if (!owner.signer) refuse('owner_not_signer', `instruction ${ix.position}: owner does not sign`);
  expectPrograms(ix, params, 4, 5);
  expectAllowanceSlot(ix, 6, [params.facilitator, user, source]);
  expectKey(ix, 7, 'allowance grantee', params.facilitator, 'delegate_mismatch');
  const args = readIncoArgs(ix, 'approve_checked');
  if (args['input_type'] !== 0) refuse('malformed_instruction', `instruction ${ix.position}: input_type ${String(args['input_type'])}`);
  if (args['decimals'] !== params.decimals) refuse('decimals_mismatch', `instruction ${ix.position}: decimals ${String(args['decimals'])}`);
  return accountAt(ix, 6, 'allowance').key;
}
