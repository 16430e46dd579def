import type { InstructionContext } from '../emulation/types';
import { INCO_ACCOUNT_SIZE } from './inco.config';
import { AccountState, encodeIncoAccount } from './inco-account.layout';
import type { IncoTokenDeps } from './inco-token.deps';
import { anchorAccounts } from './inco-token.deps';
import { incoTokenAccountAddress } from './inco-pda.util';

/**
 * create_idempotent: accounts payer(w,s), associated_token(w), wallet, mint, system_program,
 * inco_lightning_program. Creates the wallet's token account at its PDA (rent paid by payer)
 * with zero balance and zero delegated handles; an existing matching account is left alone.
 */
export function createIdempotent(ctx: InstructionContext, deps: IncoTokenDeps): void {
  const acc = anchorAccounts(ctx, deps);
  const payer = acc.signer(acc.at(0), 'payer');
  const tokenAccount = acc.at(1);
  const wallet = acc.at(2);
  const mintMeta = acc.at(3);
  acc.systemProgram(acc.at(4));
  const lightning = acc.at(5);
  const mint = acc.incoMint(mintMeta, 'mint');
  acc.mut(payer, 'payer');
  acc.mut(tokenAccount, 'associated_token');
  if (!tokenAccount.pubkey.equals(incoTokenAccountAddress(wallet.pubkey, mintMeta.pubkey, deps.programId))) {
    acc.fail('ConstraintSeeds', 'associated_token');
  }
  acc.address(lightning, deps.lightning.programId, 'inco_lightning_program');
  acc.require(mint.isInitialized, 'UninitializedState');

  const existing = ctx.store.get(tokenAccount.pubkey);
  if (existing && existing.owner.equals(deps.programId)) {
    const current = acc.incoAccount(tokenAccount, 'associated_token');
    acc.require(current.owner.equals(wallet.pubkey), 'OwnerMismatch');
    acc.require(current.mint.equals(mintMeta.pubkey), 'MintMismatch');
    return;
  }
  const zero = deps.lightning.asEuint128(ctx, payer.pubkey, 0n);
  const zeroDelegated = deps.lightning.asEuint128(ctx, payer.pubkey, 0n);
  const data = encodeIncoAccount({
    mint: mintMeta.pubkey,
    owner: wallet.pubkey,
    amount: zero,
    delegate: null,
    state: AccountState.Initialized,
    isNative: null,
    delegatedAmount: zeroDelegated,
    closeAuthority: null,
  });
  deps.lightning.createAccount(ctx, payer.pubkey, tokenAccount.pubkey, INCO_ACCOUNT_SIZE, deps.programId, data);
}
