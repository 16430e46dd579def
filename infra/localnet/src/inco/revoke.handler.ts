import type { InstructionContext } from '../emulation/types';
import { AccountState } from './inco-account.layout';
import type { IncoTokenDeps } from './inco-token.deps';
import { anchorAccounts, saveIncoAccount } from './inco-token.deps';

/** revoke: source(w), owner(w,s), inco_lightning. Clears the delegate; delegated_amount becomes the handle of 0. */
export function revoke(ctx: InstructionContext, deps: IncoTokenDeps): void {
  const acc = anchorAccounts(ctx, deps);
  const source = acc.at(0);
  const owner = acc.signer(acc.at(1), 'owner');
  const lightning = acc.at(2);
  const account = acc.incoAccount(source, 'source');
  acc.mut(source, 'source');
  acc.require(account.state === AccountState.Initialized, 'UninitializedState');
  acc.require(account.owner.equals(owner.pubkey), 'OwnerMismatch');
  acc.mut(owner, 'owner');
  acc.address(lightning, deps.lightning.programId, 'inco_lightning_program');

  account.delegate = null;
  account.delegatedAmount = deps.lightning.asEuint128(ctx, owner.pubkey, 0n);
  saveIncoAccount(ctx, source.pubkey, account);
}
