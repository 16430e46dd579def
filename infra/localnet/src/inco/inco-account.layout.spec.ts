import { Keypair } from '@solana/web3.js';
import { describe, expect, it } from 'vitest';
import { leToU128 } from './borsh.codec';
import { AccountState, decodeIncoAccount, decodeIncoMint, encodeIncoAccount, encodeIncoMint } from './inco-account.layout';

const base = {
  mint: Keypair.generate().publicKey,
  owner: Keypair.generate().publicKey,
  amount: 0x1122334455667788n,
  delegate: null,
  state: AccountState.Initialized,
  isNative: null,
  delegatedAmount: (1n << 127n) + 5n,
  closeAuthority: null,
};

describe('IncoAccount / IncoMint layouts', () => {
  it('puts delegated_amount at [91..107] without a delegate and [123..139] with one, in 221 bytes', () => {
    const plain = encodeIncoAccount(base);
    expect(plain.length).toBe(221);
    expect(plain[88]).toBe(0);
    expect(plain[89]).toBe(AccountState.Initialized);
    expect(leToU128(plain.subarray(72, 88))).toBe(base.amount);
    expect(leToU128(plain.subarray(91, 107))).toBe(base.delegatedAmount);
    const delegate = Keypair.generate().publicKey;
    const delegated = encodeIncoAccount({ ...base, delegate });
    expect(delegated[88]).toBe(1);
    expect(delegated.subarray(89, 121)).toEqual(delegate.toBytes());
    expect(leToU128(delegated.subarray(123, 139))).toBe(base.delegatedAmount);
    expect(decodeIncoAccount(delegated)).toEqual({ ...base, delegate });
  });

  it('round-trips a mint with decimals after the COption authority and the supply handle', () => {
    const mint = { mintAuthority: Keypair.generate().publicKey, supply: 9n, decimals: 6, isInitialized: true, freezeAuthority: null };
    const bytes = encodeIncoMint(mint);
    expect(bytes.length).toBe(114);
    expect(bytes[57]).toBe(6);
    expect(decodeIncoMint(bytes)).toEqual(mint);
  });
});
