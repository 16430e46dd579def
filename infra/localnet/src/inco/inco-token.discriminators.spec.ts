import { describe, expect, it } from 'vitest';
import { INCO_ACCOUNT_DISCRIMINATOR, INCO_MINT_DISCRIMINATOR, INCO_TOKEN_DISCRIMINATORS } from './inco-token.discriminators';
import { incoErrorCode } from './inco-token.errors';

// The table in PROTOCOLS.md §2, copied as data so a drift in the derivation shows up here.
const PROTOCOL_TABLE = {
  create_idempotent: [143, 88, 34, 91, 112, 20, 245, 59],
  mint_to: [241, 34, 48, 186, 37, 179, 123, 192],
  approve_checked: [47, 197, 254, 42, 58, 201, 58, 109],
  approve: [69, 74, 217, 36, 115, 117, 97, 76],
  transfer: [163, 52, 200, 231, 140, 3, 69, 186],
  transfer_with_authorization: [241, 208, 6, 43, 81, 61, 213, 10],
  revoke: [170, 23, 31, 34, 133, 173, 93, 242],
} as const;

describe('IncoToken discriminators', () => {
  it.each(Object.entries(PROTOCOL_TABLE))('%s matches sha256("global:<name>")[0..8]', (name, expected) => {
    expect([...INCO_TOKEN_DISCRIMINATORS[name as keyof typeof PROTOCOL_TABLE]]).toEqual(expected);
  });

  it('derives the account discriminators of IncoAccount and IncoMint', () => {
    expect([...INCO_ACCOUNT_DISCRIMINATOR]).toEqual([18, 233, 131, 18, 230, 173, 249, 89]);
    expect([...INCO_MINT_DISCRIMINATOR]).toEqual([254, 129, 245, 169, 202, 143, 198, 4]);
  });

  it('numbers custom errors as the program declares them', () => {
    expect(incoErrorCode('InsufficientFunds')).toBe(6001);
    expect(incoErrorCode('OwnerMismatch')).toBe(6004);
    expect(incoErrorCode('InvalidInstruction')).toBe(0x177c);
    expect(incoErrorCode('AccountFrozen')).toBe(6017);
    expect(incoErrorCode('MintDecimalsMismatch')).toBe(6018);
    expect(incoErrorCode('NonNativeNotSupported')).toBe(6019);
  });
});
