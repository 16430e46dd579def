import { ProgramError } from '../emulation/types';

/** IncoToken's `CustomError` enum, in declaration order from 6000 (Anchor numbering). */
const CUSTOM_ERRORS = [
  ['NotRentExempt', 'Lamport balance below rent-exempt threshold'],
  ['InsufficientFunds', 'Insufficient funds'],
  ['InvalidMint', 'Invalid Mint'],
  ['MintMismatch', 'Account not associated with this Mint'],
  ['OwnerMismatch', 'Owner does not match'],
  ['FixedSupply', 'Fixed supply'],
  ['AlreadyInUse', 'Account already in use'],
  ['InvalidNumberOfProvidedSigners', 'Invalid number of provided signers'],
  ['InvalidNumberOfRequiredSigners', 'Invalid number of required signers'],
  ['UninitializedState', 'State is uninitialized'],
  ['NativeNotSupported', 'Native tokens not supported'],
  ['NonNativeHasBalance', 'Non-native account has balance'],
  ['InvalidInstruction', 'Invalid instruction'],
  ['InvalidState', 'Invalid state'],
  ['Overflow', 'Overflow'],
  ['AuthorityTypeNotSupported', 'Authority type not supported'],
  ['MintCannotFreeze', 'Mint cannot freeze'],
  ['AccountFrozen', 'Account frozen'],
  ['MintDecimalsMismatch', 'Mint decimals mismatch'],
  ['NonNativeNotSupported', 'Non-native not supported'],
] as const;

export type IncoErrorName = (typeof CUSTOM_ERRORS)[number][0];

/** The Anchor framework errors the emulated account validation can raise. */
const ANCHOR_ERRORS = {
  InstructionMissing: [100, '8 byte instruction identifier not provided'],
  InstructionFallbackNotFound: [101, 'Fallback functions are not supported'],
  InstructionDidNotDeserialize: [102, 'The program could not deserialize the given instruction'],
  ConstraintMut: [2000, 'A mut constraint was violated'],
  ConstraintSeeds: [2006, 'A seeds constraint was violated'],
  ConstraintAddress: [2012, 'An address constraint was violated'],
  AccountDiscriminatorNotFound: [3001, 'No 8 byte discriminator was found on the account'],
  AccountDiscriminatorMismatch: [3002, '8 byte discriminator did not match what was expected'],
  AccountDidNotDeserialize: [3003, 'Failed to deserialize the account'],
  AccountNotEnoughKeys: [3005, 'Not enough account keys given to the instruction'],
  AccountOwnedByWrongProgram: [3007, 'The given account is owned by a different program than expected'],
  InvalidProgramId: [3008, 'Program ID was not as expected'],
  AccountNotSigner: [3010, 'The given account did not sign'],
  AccountNotInitialized: [3012, 'The program expected this account to be already initialized'],
} as const satisfies Record<string, readonly [number, string]>;

export type AnchorErrorName = keyof typeof ANCHOR_ERRORS;

export function incoErrorCode(name: IncoErrorName): number {
  return 6000 + CUSTOM_ERRORS.findIndex(([n]) => n === name);
}

/** Logs the line Anchor prints, then fails the instruction with the program's custom code. */
export function failWith(log: (m: string) => void, name: IncoErrorName | AnchorErrorName, account?: string): never {
  const anchor = (ANCHOR_ERRORS as Record<string, readonly [number, string]>)[name];
  const custom = CUSTOM_ERRORS.find(([n]) => n === name);
  const [code, message] = anchor ?? [incoErrorCode(name as IncoErrorName), custom?.[1] ?? name];
  const origin = account ? `AnchorError caused by account: ${account}.` : 'AnchorError occurred.';
  log(`${origin} Error Code: ${name}. Error Number: ${code}. Error Message: ${message}.`);
  throw new ProgramError(code, `${name} (${code})`);
}
