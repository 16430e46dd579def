import {
  decodeIncoTokenAccount,
  decodeIncoTokenInstruction,
  encodeIncoLightningInstruction,
  encodeIncoTokenAccount,
  encodeIncoTokenInstruction,
  INCO_LIGHTNING_IDL,
  INCO_TOKEN_IDL,
  type IdlValue,
} from '@quietpay/solana';
import { Keypair, type PublicKey } from '@solana/web3.js';
import { describe, expect, it } from 'vitest';
import {
  anchorDecodeIncoTokenAccount,
  anchorDecodeIncoTokenInstruction,
  anchorEncodeAllowance,
  anchorEncodeIncoLightningInstruction,
  anchorEncodeIncoTokenAccount,
  anchorEncodeIncoTokenInstruction,
} from './anchor-inco.coder';
import { ALLOWANCE_ACCOUNT_SIZE, INCO_ACCOUNT_SIZE, INCO_MINT_SIZE } from './inco.config';
import { decodeIncoAccount, decodeIncoMint } from './inco-account.layout';

// The client (libs/solana's own IDL coder) and the emulator (Anchor's BorshCoder, anchor-inco.coder.ts)
// are two implementations of one IDL. Here they must agree byte for byte both ways, and a wrong byte
// in what the client writes must fail Anchor's decode rather than pass silently.

const key = (n: number): PublicKey => Keypair.fromSeed(new Uint8Array(32).fill(n)).publicKey;
const [payer, owner, delegate, mint] = [1, 2, 3, 4].map(key) as [PublicKey, PublicKey, PublicKey, PublicKey];
const ciphertext = Uint8Array.from({ length: 152 }, (_, i) => (i * 37) % 256);
const U128_MAX = 2n ** 128n - 1n;
const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

type ArgType = (typeof INCO_TOKEN_IDL.instructions | typeof INCO_LIGHTNING_IDL.instructions)[number]['args'][number]['type'];

/**
 * Arguments for an instruction, made from its IDL fields so an instruction added to the IDL is
 * covered too: every value at its largest (options Some) or at its smallest (options None).
 */
function sampleArgs(fields: readonly { name: string; type: ArgType }[], largest: boolean): Record<string, IdlValue> {
  const value = (type: ArgType): IdlValue => {
    if (typeof type === 'object') return largest ? value(type.option) : null;
    const samples: Record<typeof type, [IdlValue, IdlValue]> = {
      u8: [0, 255],
      u128: [0n, U128_MAX],
      bool: [false, true],
      bytes: [new Uint8Array(0), ciphertext],
      pubkey: [payer, owner],
    };
    return samples[type][largest ? 1 : 0];
  };
  return Object.fromEntries(fields.map((f) => [f.name, value(f.type)]));
}

const incoAccount = (over: Record<string, IdlValue>): Record<string, IdlValue> => ({
  mint,
  owner,
  amount: U128_MAX,
  delegate: null,
  state: { Initialized: {} },
  is_native: null,
  delegated_amount: 222n,
  close_authority: null,
  ...over,
});
const ACCOUNTS: Record<string, IdlValue>[] = [
  incoAccount({ state: { Uninitialized: {} }, amount: 0n }),
  incoAccount({ delegate, is_native: 2n ** 64n - 1n, close_authority: payer }),
  incoAccount({ delegate, state: { Frozen: {} }, delegated_amount: 2n ** 127n }),
];
const MINTS: Record<string, IdlValue>[] = [
  { mint_authority: payer, supply: 9n, decimals: 6, is_initialized: true, freeze_authority: null },
  { mint_authority: null, supply: U128_MAX, decimals: 0, is_initialized: false, freeze_authority: owner },
];

describe("localnet's Anchor coder and libs/solana's own coder, byte for byte", () => {
  it('every IncoToken instruction the IDL names, each way', () => {
    for (const { name, args: fields } of INCO_TOKEN_IDL.instructions) {
      for (const args of [sampleArgs(fields, false), sampleArgs(fields, true)]) {
        const ours = encodeIncoTokenInstruction(name, args);
        expect([name, hex(anchorEncodeIncoTokenInstruction(name, args))]).toEqual([name, hex(ours)]);
        expect(anchorDecodeIncoTokenInstruction(ours)).toEqual({ name, args });
        expect(decodeIncoTokenInstruction(anchorEncodeIncoTokenInstruction(name, args))).toEqual({ name, args });
      }
    }
  });

  it('every Inco Lightning call the emulator records, u128 extremes included', () => {
    for (const { name, args: fields } of INCO_LIGHTNING_IDL.instructions) {
      for (const args of [sampleArgs(fields, false), sampleArgs(fields, true)]) {
        expect([name, hex(anchorEncodeIncoLightningInstruction(name, args))]).toEqual([name, hex(encodeIncoLightningInstruction(name, args))]);
      }
    }
  });

  it('IncoAccount in every state and option, and IncoMint, padded to their allocation, each way', () => {
    for (const [name, size, cases] of [
      ['IncoAccount', INCO_ACCOUNT_SIZE, ACCOUNTS],
      ['IncoMint', INCO_MINT_SIZE, MINTS],
    ] as const) {
      for (const fields of cases) {
        const ours = encodeIncoTokenAccount(name, fields, size);
        expect(hex(anchorEncodeIncoTokenAccount(name, fields, size))).toBe(hex(ours));
        expect(anchorDecodeIncoTokenAccount(name, ours)).toEqual(fields);
        expect(decodeIncoTokenAccount(name, anchorEncodeIncoTokenAccount(name, fields, size))).toEqual(fields);
      }
    }
  });

  it('Allowance: discriminator, allowed, bump, in 10 bytes', () => {
    const bytes = anchorEncodeAllowance({ allowed: true, bump: 254 }, ALLOWANCE_ACCOUNT_SIZE);
    expect([...bytes]).toEqual([...INCO_LIGHTNING_IDL.accounts[0].discriminator, 1, 254]);
  });

  it('keeps the IDL names: snake_case fields, PascalCase enum variants, no camelCase', () => {
    const decoded = anchorDecodeIncoTokenAccount('IncoAccount', encodeIncoTokenAccount('IncoAccount', ACCOUNTS[1]!, INCO_ACCOUNT_SIZE));
    expect(Object.keys(decoded)).toEqual(['mint', 'owner', 'amount', 'delegate', 'state', 'is_native', 'delegated_amount', 'close_authority']);
    expect(decoded['state']).toEqual({ Initialized: {} });
  });
});

describe('a wrong byte from the client coder fails Anchor on the emulator side', () => {
  it('a ciphertext length prefix one too long: the args do not deserialize (the program answers 102)', () => {
    const data = encodeIncoTokenInstruction('transfer', { ciphertext, input_type: 0 });
    const wrong = Uint8Array.from(data);
    wrong[8] = (wrong[8] ?? 0) + 1;
    expect(anchorDecodeIncoTokenInstruction(data)).not.toBeNull();
    expect(anchorDecodeIncoTokenInstruction(wrong)).toBeNull();
  });

  it('an option tag other than 0/1 in instruction data', () => {
    const wrong = encodeIncoTokenInstruction('initialize_mint', { decimals: 6, mint_authority: payer, freeze_authority: null });
    wrong[8 + 1 + 32] = 2;
    expect(anchorDecodeIncoTokenInstruction(wrong)).toBeNull();
  });

  it('a state variant, an option tag or a bool out of range in account data (the handlers answer 3003)', () => {
    const account = encodeIncoTokenAccount('IncoAccount', ACCOUNTS[0]!, INCO_ACCOUNT_SIZE);
    for (const [offset, byte] of [
      [8 + 32 + 32 + 16 + 1, 3], // state after a None delegate
      [8 + 32 + 32 + 16, 2], // delegate's option tag
    ] as const) {
      const wrong = Uint8Array.from(account);
      wrong[offset] = byte;
      expect(() => anchorDecodeIncoTokenAccount('IncoAccount', wrong), `byte ${offset}`).toThrow();
      expect(() => decodeIncoAccount(wrong), `byte ${offset}`).toThrow();
    }
    const mintBytes = encodeIncoTokenAccount('IncoMint', MINTS[0]!, INCO_MINT_SIZE);
    mintBytes[8 + 33 + 16 + 1] = 2; // is_initialized
    expect(() => anchorDecodeIncoTokenAccount('IncoMint', mintBytes)).toThrow(/Invalid bool/);
    expect(() => decodeIncoMint(mintBytes)).toThrow();
  });
});
