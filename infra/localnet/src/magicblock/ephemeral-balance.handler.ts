import { ProgramError, type InstructionContext } from '../emulation/types';
import { MB_ERR, SPL_IX } from './magicblock.config';
import { accountAt, expectKey, expectSigner, expectWritable } from './account-checks.util';
import { decodeEphemeralBalance, encodeEphemeralBalance, EPHEMERAL_BALANCE_BYTES } from './ephemeral-balance.codec';
import { tokensFundedBy } from './funding.util';
import { decodeAmountIx } from './instruction.codec';
import { ephemeralAtaPda, rentPda, vaultPda, vaultTokenAccount } from './magicblock.pda';
import type { MagicBlockRuntime } from './magicblock.runtime';
import { invokePdaTransferChecked, isLive, readMintDecimals, readTokenAccount } from './token-account.util';
import { requiredVaultFunding } from './vault-funding.util';

/** Rent-exempt minimum for the ephemeral balance account: (80 + 128) * 3480 * 2. */
const EPHEMERAL_RENT_LAMPORTS = BigInt((EPHEMERAL_BALANCE_BYTES + 128) * 3480 * 2);

/**
 * Deposit: accounts 0 owner (signer), 1 ephemeral ATA (w), 2 vault PDA, 3 vault token account,
 * 4 mint, 5 rent PDA (w; pays the ephemeral account's rent). The owner's TransferChecked into the
 * vault in the same transaction funds it. Withdraw: 0 owner (signer), 1 ephemeral ATA (w),
 * 2 vault PDA, 3 vault token account (w), 4 owner's token account (w), 5 mint, 6 token program.
 */
export function moveEphemeralBalance(rt: MagicBlockRuntime, ctx: InstructionContext): void {
  const data = decodeAmountIx(ctx.data);
  if (!data || data.amount === 0n) throw new ProgramError(MB_ERR.invalidInstruction, 'malformed amount');
  const owner = accountAt(ctx.accounts, 0, 'owner');
  const ephemeral = accountAt(ctx.accounts, 1, 'ephemeral ATA');
  expectSigner(owner, 'owner');
  expectWritable(ephemeral, 'ephemeral ATA');
  const mint = accountAt(ctx.accounts, data.discriminator === SPL_IX.deposit ? 4 : 5, 'mint').pubkey;
  expectKey(ephemeral, ephemeralAtaPda(rt.programId, owner.pubkey, mint), 'ephemeral ATA');
  expectKey(accountAt(ctx.accounts, 2, 'vault'), vaultPda(rt.programId, mint), 'vault');
  const vaultToken = accountAt(ctx.accounts, 3, 'vault token account');
  expectKey(vaultToken, vaultTokenAccount(rt.programId, mint), 'vault token account');

  const stored = ctx.store.get(ephemeral.pubkey);
  const existing = isLive(stored) ? stored : null;
  const balance = existing ? decodeEphemeralBalance(existing.data) : null;
  if (existing && !balance) throw new ProgramError(MB_ERR.invalidAccounts, 'ephemeral ATA holds foreign data');
  const current = balance?.amount ?? 0n;

  if (data.discriminator === SPL_IX.deposit) {
    const rent = accountAt(ctx.accounts, 5, 'rent');
    expectKey(rent, rentPda(rt.programId), 'rent');
    const required = requiredVaultFunding(ctx.instructions, rt.programId, owner.pubkey, rt.config.feeBps);
    const funded = tokensFundedBy(ctx.instructions, owner.pubkey, vaultToken.pubkey, mint);
    if (funded < required) throw new ProgramError(MB_ERR.missingFunding, `vault funded ${funded}, needs ${required}`);
    let lamports = existing?.lamports ?? 0n;
    if (!existing) {
      const payer = ctx.store.get(rent.pubkey);
      if (!payer || payer.lamports < EPHEMERAL_RENT_LAMPORTS) throw new ProgramError(MB_ERR.missingFunding, 'rent PDA empty');
      ctx.store.set(rent.pubkey, { ...payer, lamports: payer.lamports - EPHEMERAL_RENT_LAMPORTS });
      lamports = EPHEMERAL_RENT_LAMPORTS;
    }
    const next = encodeEphemeralBalance({ owner: owner.pubkey, mint, amount: current + data.amount });
    ctx.store.set(ephemeral.pubkey, { lamports, owner: rt.programId, data: next, executable: false });
    return;
  }

  if (data.discriminator !== SPL_IX.withdraw) throw new ProgramError(MB_ERR.invalidInstruction, 'unknown instruction');
  if (!existing || current < data.amount) throw new ProgramError(MB_ERR.insufficientFunds, 'private balance too low');
  const target = accountAt(ctx.accounts, 4, 'owner token account');
  const targetView = readTokenAccount(ctx.store, target.pubkey);
  if (!targetView || !targetView.owner.equals(owner.pubkey)) {
    throw new ProgramError(MB_ERR.invalidAccounts, "withdraw target is not the owner's token account");
  }
  const decimals = readMintDecimals(ctx.store, mint);
  if (decimals === null) throw new ProgramError(MB_ERR.invalidAccounts, 'mint account missing');
  ctx.store.set(ephemeral.pubkey, {
    ...existing,
    data: encodeEphemeralBalance({ owner: owner.pubkey, mint, amount: current - data.amount }),
  });
  invokePdaTransferChecked(ctx, {
    source: vaultToken.pubkey,
    destination: target.pubkey,
    mint,
    authority: vaultPda(rt.programId, mint),
    amount: data.amount,
    decimals,
  });
}
