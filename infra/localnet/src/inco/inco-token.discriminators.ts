import { anchorDiscriminator } from './anchor-discriminator.util';

/** IncoToken instructions this emulator implements, by Anchor method name. */
export const INCO_TOKEN_INSTRUCTIONS = [
  'create_idempotent',
  'initialize_mint',
  'mint_to',
  'approve',
  'approve_checked',
  'transfer',
  'transfer_with_authorization',
  'revoke',
] as const;
export type IncoTokenInstructionName = (typeof INCO_TOKEN_INSTRUCTIONS)[number];

export const INCO_TOKEN_DISCRIMINATORS: Record<IncoTokenInstructionName, Uint8Array> = Object.fromEntries(
  INCO_TOKEN_INSTRUCTIONS.map((name) => [name, anchorDiscriminator('global', name)]),
) as Record<IncoTokenInstructionName, Uint8Array>;

export const INCO_ACCOUNT_DISCRIMINATOR = anchorDiscriminator('account', 'IncoAccount');
export const INCO_MINT_DISCRIMINATOR = anchorDiscriminator('account', 'IncoMint');
export const ALLOWANCE_DISCRIMINATOR = anchorDiscriminator('account', 'Allowance');

/** Anchor's instruction name in `Program log: Instruction: <Name>` (PascalCase of the method). */
export function anchorLogName(name: string): string {
  return name
    .split('_')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}
