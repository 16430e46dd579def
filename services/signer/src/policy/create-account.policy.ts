import type { PublicKey } from '@solana/web3.js';
import { checkCreateIdempotent, tokenAccountOf } from './inco-account.rules';
import { checkWritableSet, requireDistinct, walkInstructions } from './instruction-walk.rule';
import type { PolicyParams } from './policy-params';
import { type PolicyVerdict, refuse, verdictOf } from './policy-verdict';

/**
 * Creating a registered recipient's IncoToken account (`wallet` comes from the ledger's
 * account-creation authorization, purpose-policy): one create_idempotent, paid by the facilitator,
 * nothing else. Any other recipient's account is created by the user's approve, the user paying.
 */
export function createAccountPolicy(view: Parameters<typeof walkInstructions>[0], wallet: PublicKey, params: PolicyParams): PolicyVerdict {
  return verdictOf(() => {
    requireDistinct(params.facilitator, wallet, 'account owner');
    let creates = 0;
    walkInstructions(view, params, [], (ix, name) => {
      if (name !== 'create_idempotent') refuse('unexpected_inco_instruction', `instruction ${ix.position} is ${name}`);
      creates += 1;
      checkCreateIdempotent(ix, params, wallet, [params.facilitator]);
    });
    if (creates !== 1) refuse('create_count', `expected exactly one create_idempotent, found ${creates}`);
    checkWritableSet(view, [tokenAccountOf(params, wallet)]);
  });
}
