import { INCO_TOKEN_IDL, type IncoTokenInstructionName } from '@quietpay/solana';
import { anchorAccountDiscriminatorOf } from './anchor-inco.coder';

// Everything here comes from the IDLs libs/solana's client encodes with (one source of truth); the
// account discriminators are the ones Anchor's coder checks (anchor-inco.coder.ts).

/** IncoToken instructions this emulator implements, by Anchor method name: every one the IDL has. */
export const INCO_TOKEN_INSTRUCTIONS: readonly IncoTokenInstructionName[] = INCO_TOKEN_IDL.instructions.map((ix) => ix.name);
export type { IncoTokenInstructionName };

export const INCO_TOKEN_DISCRIMINATORS: Record<IncoTokenInstructionName, Uint8Array> = Object.fromEntries(
  INCO_TOKEN_IDL.instructions.map((ix) => [ix.name, Uint8Array.from(ix.discriminator)]),
) as Record<IncoTokenInstructionName, Uint8Array>;

export const INCO_ACCOUNT_DISCRIMINATOR = anchorAccountDiscriminatorOf('IncoToken', 'IncoAccount');
export const INCO_MINT_DISCRIMINATOR = anchorAccountDiscriminatorOf('IncoToken', 'IncoMint');
export const ALLOWANCE_DISCRIMINATOR = anchorAccountDiscriminatorOf('IncoLightning', 'Allowance');

/** Anchor's instruction name in `Program log: Instruction: <Name>` (PascalCase of the method). */
export function anchorLogName(name: string): string {
  return name
    .split('_')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}
