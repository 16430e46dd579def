import type { InstructionContext } from '../emulation/types';
import { AccountState } from './inco-account.layout';
import type { IncoTokenDeps } from './inco-token.deps';
import { anchorAccounts, readArgs, readCiphertextArgs, saveIncoAccount, saveIncoMint } from './inco-token.deps';

/**
 * mint_to(ciphertext, input_type): accounts mint(w), account(w), mint_authority(w,s),
 * inco_lightning_program, system_program; remaining [allowance(w), owner] grant the owner decrypt
 * rights on the new balance handle.
 */
export function mintTo(ctx: InstructionContext, deps: IncoTokenDeps): void {
  const acc = anchorAccounts(ctx, deps);
  const mintMeta = acc.at(0);
  const accountMeta = acc.at(1);
  const authority = acc.signer(acc.at(2), 'mint_authority');
  const lightning = acc.at(3);
  acc.systemProgram(acc.at(4));
  const mint = acc.incoMint(mintMeta, 'mint');
  const account = acc.incoAccount(accountMeta, 'account');
  const { ciphertext, inputType } = readArgs(ctx, acc, readCiphertextArgs);
  acc.mut(mintMeta, 'mint');
  acc.require(mint.isInitialized, 'UninitializedState');
  acc.mut(accountMeta, 'account');
  acc.require(account.state === AccountState.Initialized, 'UninitializedState');
  acc.require(account.mint.equals(mintMeta.pubkey), 'MintMismatch');
  acc.mut(authority, 'mint_authority');
  acc.address(lightning, deps.lightning.programId, 'inco_lightning_program');

  acc.require(mint.mintAuthority !== null, 'FixedSupply');
  acc.require(mint.mintAuthority?.equals(authority.pubkey) === true, 'OwnerMismatch');

  const l = deps.lightning;
  const amount = l.newEuint128(ctx, authority.pubkey, ciphertext, inputType);
  mint.supply = l.eAdd(ctx, authority.pubkey, mint.supply, amount);
  account.amount = l.eAdd(ctx, authority.pubkey, account.amount, amount);
  saveIncoMint(ctx, mintMeta.pubkey, mint);
  saveIncoAccount(ctx, accountMeta.pubkey, account);

  const remaining = acc.remaining(5);
  if (remaining[0] && remaining[1]) l.allow(ctx, authority, remaining[0], account.owner, account.amount);
}
