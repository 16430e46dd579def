import type { PublicKey } from '@solana/web3.js';
import type { InstructionContext } from '../emulation/types';
import { INCO_MINT_SIZE } from './inco.config';
import { encodeIncoMint } from './inco-account.layout';
import type { IncoTokenDeps } from './inco-token.deps';
import { anchorAccounts, readArgs } from './inco-token.deps';

/**
 * initialize_mint(decimals: u8, mint_authority: Pubkey, freeze_authority: Option<Pubkey>):
 * accounts mint(w,s), payer(w,s), system_program, inco_lightning_program. `init` creates the
 * mint account (the new keypair signs); the supply starts as the handle of 0.
 */
export function initializeMint(ctx: InstructionContext, deps: IncoTokenDeps): void {
  const acc = anchorAccounts(ctx, deps);
  const mint = acc.signer(acc.at(0), 'mint');
  const payer = acc.signer(acc.at(1), 'payer');
  acc.systemProgram(acc.at(2));
  const lightning = acc.at(3);
  const args = readArgs(ctx, acc, (a) => ({
    decimals: a['decimals'] as number,
    mintAuthority: a['mint_authority'] as PublicKey,
    freezeAuthority: (a['freeze_authority'] as PublicKey | null) ?? null,
  }));
  acc.mut(mint, 'mint');
  acc.mut(payer, 'payer');
  acc.address(lightning, deps.lightning.programId, 'inco_lightning_program');

  const supply = deps.lightning.asEuint128(ctx, payer.pubkey, 0n);
  const data = encodeIncoMint({
    mintAuthority: args.mintAuthority,
    supply,
    decimals: args.decimals,
    isInitialized: true,
    freezeAuthority: args.freezeAuthority,
  });
  deps.lightning.createAccount(ctx, payer.pubkey, mint.pubkey, INCO_MINT_SIZE, deps.programId, data);
}
