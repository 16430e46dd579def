import { INCO_LIGHTNING_IDL, INCO_TOKEN_IDL, type IncoTokenInstructionName, incoTokenAccountDiscriminator } from '@quietpay/solana';

// Everything here comes from the IDLs libs/solana's client encodes with (one source of truth).

/** IncoToken instructions this emulator implements, by Anchor method name: every one the IDL has. */
export const INCO_TOKEN_INSTRUCTIONS: readonly IncoTokenInstructionName[] = INCO_TOKEN_IDL.instructions.map((ix) => ix.name);
export type { IncoTokenInstructionName };

export const INCO_TOKEN_DISCRIMINATORS: Record<IncoTokenInstructionName, Uint8Array> = Object.fromEntries(
  INCO_TOKEN_IDL.instructions.map((ix) => [ix.name, Uint8Array.from(ix.discriminator)]),
) as Record<IncoTokenInstructionName, Uint8Array>;

export const INCO_ACCOUNT_DISCRIMINATOR = incoTokenAccountDiscriminator('IncoAccount');
export const INCO_MINT_DISCRIMINATOR = incoTokenAccountDiscriminator('IncoMint');
export const ALLOWANCE_DISCRIMINATOR = Uint8Array.from(INCO_LIGHTNING_IDL.accounts[0].discriminator);

/** Anchor's instruction name in `Program log: Instruction: <Name>` (PascalCase of the method). */
export function anchorLogName(name: string): string {
  return name
    .split('_')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}
