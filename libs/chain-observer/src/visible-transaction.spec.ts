import { Keypair } from '@solana/web3.js';
import { describe, expect, it } from 'vitest';
import { namesParty, type VisibleTransaction } from './visible-transaction';

const agent = Keypair.generate().publicKey;
const agentToken = Keypair.generate().publicKey;
const merchant = Keypair.generate().publicKey;
const other = Keypair.generate().publicKey;

const tx = (parts: Partial<VisibleTransaction>): VisibleTransaction => ({
  slot: 0,
  accountKeys: [],
  instructions: [],
  instructionData: [],
  logs: [],
  ...parts,
});

describe('namesParty', () => {
  it('finds a party among the accounts, by wallet or token account', () => {
    expect(namesParty(tx({ accountKeys: [other, agent] }), [agent, agentToken])).toBe(true);
    expect(namesParty(tx({ accountKeys: [agentToken] }), [agent, agentToken])).toBe(true);
    expect(namesParty(tx({ accountKeys: [other, agent] }), [merchant])).toBe(false);
  });

  it('finds a party whose 32 bytes sit inside instruction data', () => {
    const data = new Uint8Array([7, 1, ...merchant.toBytes(), 9]);
    expect(namesParty(tx({ instructionData: [new Uint8Array([1, 2]), data] }), [merchant])).toBe(true);
    expect(namesParty(tx({ instructionData: [data.slice(0, 20)] }), [merchant])).toBe(false);
  });

  it('finds a party named in a log line', () => {
    expect(namesParty(tx({ logs: [`Program log: to ${merchant.toBase58()}`] }), [merchant])).toBe(true);
    expect(namesParty(tx({ logs: ['Program log: client_ref_id: 42'] }), [merchant])).toBe(false);
  });
});
