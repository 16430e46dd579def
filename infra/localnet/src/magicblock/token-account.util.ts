import { PublicKey } from '@solana/web3.js';
import {
  ACCOUNT_SIZE,
  AccountLayout,
  AccountState,
  ASSOCIATED_TOKEN_PROGRAM_ID,
  MintLayout,
  TOKEN_PROGRAM_ID,
  createAssociatedTokenAccountIdempotentInstruction,
  createTransferCheckedInstruction,
} from '@solana/spl-token';
import { ProgramError, type AccountStore, type DecodedInstruction, type EmulatedAccount, type InstructionContext } from '../emulation/types';
import { MB_ERR } from './magicblock.config';

/** Rent-exempt minimum of a 165-byte token account: (165 + 128) * 3480 * 2. */
export const TOKEN_ACCOUNT_RENT_LAMPORTS = 2_039_280n;

export interface TokenAccountView {
  mint: PublicKey;
  owner: PublicKey;
  amount: bigint;
  state: number;
}

/**
 * Writable accounts a transaction names read back as empty system accounts with 0 lamports even
 * when they do not exist; only an account holding lamports is really there.
 */
export function isLive(account: EmulatedAccount | null): account is EmulatedAccount {
  return account !== null && account.lamports > 0n;
}

export function readTokenAccount(store: AccountStore, address: PublicKey): TokenAccountView | null {
  const account = store.get(address);
  if (!account || !account.owner.equals(TOKEN_PROGRAM_ID) || account.data.length !== ACCOUNT_SIZE) return null;
  const raw = AccountLayout.decode(Buffer.from(account.data));
  return { mint: raw.mint, owner: raw.owner, amount: raw.amount, state: raw.state };
}

export function readMintDecimals(store: AccountStore, mint: PublicKey): number | null {
  const account = store.get(mint);
  if (!account || !account.owner.equals(TOKEN_PROGRAM_ID) || account.data.length < MintLayout.span) return null;
  return MintLayout.decode(Buffer.from(account.data)).decimals;
}

function writeAmount(store: AccountStore, address: PublicKey, amount: bigint): void {
  const account = store.get(address);
  if (!account) throw new ProgramError(MB_ERR.invalidAccounts, `token account ${address.toBase58()} vanished`);
  const raw = AccountLayout.decode(Buffer.from(account.data));
  const data = Buffer.alloc(ACCOUNT_SIZE);
  AccountLayout.encode({ ...raw, amount }, data);
  store.set(address, { ...account, data });
}

export interface PdaTransfer {
  source: PublicKey;
  destination: PublicKey;
  mint: PublicKey;
  /** The PDA that owns `source`; the emulated program signs for it as invoke_signed would. */
  authority: PublicKey;
  amount: bigint;
  decimals: number;
}

/**
 * A TransferChecked signed by a program PDA, recorded as an inner instruction and applied to the
 * token account data with the checks the token program makes, so pre/post token balances show it.
 */
export function invokePdaTransferChecked(ctx: InstructionContext, t: PdaTransfer): void {
  const ix = createTransferCheckedInstruction(t.source, t.mint, t.destination, t.authority, t.amount, t.decimals);
  ctx.invoke(toDecoded(ix.programId, ix.keys, ix.data), (inner) => {
    const from = readTokenAccount(inner.store, t.source);
    const to = readTokenAccount(inner.store, t.destination);
    if (!from || !to) throw new ProgramError(MB_ERR.invalidAccounts, 'transfer between non-token accounts');
    if (!from.mint.equals(t.mint) || !to.mint.equals(t.mint)) throw new ProgramError(MB_ERR.mintMismatch, 'mint mismatch');
    if (!from.owner.equals(t.authority)) throw new ProgramError(MB_ERR.unauthorized, 'source not owned by the vault');
    if (from.state !== AccountState.Initialized || to.state !== AccountState.Initialized) {
      throw new ProgramError(MB_ERR.invalidAccounts, 'token account frozen or uninitialized');
    }
    if (from.amount < t.amount) throw new ProgramError(MB_ERR.insufficientFunds, 'vault holds less than the transfer');
    if (t.source.equals(t.destination)) return;
    writeAmount(inner.store, t.source, from.amount - t.amount);
    writeAmount(inner.store, t.destination, to.amount + t.amount);
  });
}

/** Creates `owner`'s ATA paid from `payer` (a program-owned PDA) when it does not exist yet. */
export function invokeCreateAtaIfMissing(ctx: InstructionContext, payer: PublicKey, ata: PublicKey, owner: PublicKey, mint: PublicKey): void {
  if (isLive(ctx.store.get(ata))) return;
  const ix = createAssociatedTokenAccountIdempotentInstruction(payer, ata, owner, mint);
  ctx.invoke(toDecoded(ASSOCIATED_TOKEN_PROGRAM_ID, ix.keys, ix.data), (inner) => {
    const funder = inner.store.get(payer);
    if (!funder || funder.lamports < TOKEN_ACCOUNT_RENT_LAMPORTS) {
      throw new ProgramError(MB_ERR.missingFunding, 'rent PDA cannot pay for the destination ATA');
    }
    inner.store.set(payer, { ...funder, lamports: funder.lamports - TOKEN_ACCOUNT_RENT_LAMPORTS });
    const data = Buffer.alloc(ACCOUNT_SIZE);
    AccountLayout.encode(
      {
        mint,
        owner,
        amount: 0n,
        delegateOption: 0,
        delegate: PublicKey.default,
        state: AccountState.Initialized,
        isNativeOption: 0,
        isNative: 0n,
        delegatedAmount: 0n,
        closeAuthorityOption: 0,
        closeAuthority: PublicKey.default,
      },
      data,
    );
    inner.store.set(ata, { lamports: TOKEN_ACCOUNT_RENT_LAMPORTS, owner: TOKEN_PROGRAM_ID, data, executable: false });
  });
}

export function toDecoded(programId: PublicKey, keys: { pubkey: PublicKey; isSigner: boolean; isWritable: boolean }[], data: Uint8Array): DecodedInstruction {
  return { programId, accounts: keys.map((k) => ({ ...k })), data: new Uint8Array(data) };
}
