/**
 * The one place for the Inco stack's identifiers and fixed numbers. Program ids are the ones the
 * deployed devnet stack uses (PROTOCOLS.md §2); callers override them through IncoModuleOptions.
 */
export const INCO_DEFAULTS = {
  incoTokenProgramId: '9Cir3JKBcQ1mzasrQNKWMiGVZvYu3dxvfkGeQ6mohWWi',
  incoLightningProgramId: '5sjEbPiqgZrYwR31ahR6Uk9wf5awoX61YGg7jExQSwaj',
  host: '127.0.0.1',
  covalidatorPort: 0,
  mintDecimals: 6,
  /** 100 confidential USDC (6 decimals) for each funded dev wallet. */
  initialBalances: { agent: 100_000_000n, agent2: 100_000_000n } as Record<string, bigint>,
  /** Token accounts created at start for these dev wallet roles (when present in env.wallets). */
  accountRoles: ['facilitator', 'merchant', 'agent', 'agent2'],
  /** Lamports airdropped to the internal mint authority so it can pay rent and fees. */
  authorityAirdropLamports: 10_000_000_000n,
  /** Largest JSON body the covalidator accepts (one handle request is ~250 bytes). */
  covalidatorBodyLimit: '8kb',
} as const;

/** Well-known Solana program ids (not Inco's, but named once here). */
export const SYSTEM_PROGRAM_ID = '11111111111111111111111111111111';
export const INSTRUCTIONS_SYSVAR_ID = 'Sysvar1nstructions1111111111111111111111111';

/** Anchor account sizes: 8-byte discriminator + the program's LEN constants. */
export const INCO_ACCOUNT_SIZE = 8 + 213;
export const INCO_MINT_SIZE = 8 + 106;
/**
 * Allowance PDA data: discriminator (8) + allowed flag (1) + bump (1). The size is what makes the
 * rent the Allow signer pays come out at the observed ~0.00096 SOL (960,480 lamports).
 */
export const ALLOWANCE_ACCOUNT_SIZE = 8 + 1 + 1;

/** Rent-exempt minimum with Solana's default rent (3,480 lamports/byte-year, 2 years, 128-byte header). */
export function rentExemptLamports(dataLength: number): bigint {
  return BigInt(128 + dataLength) * 3480n * 2n;
}
