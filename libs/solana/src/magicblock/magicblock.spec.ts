import { Keypair, PublicKey } from '@solana/web3.js';
import { describe, expect, it } from 'vitest';
import { writeUintLE } from '../codec/little-endian.codec';
import { resolveProgramIds } from '../config/program-ids.config';
import { ephemeralAtaAddress, transferQueueAddress, vaultAddress } from './magicblock.pdas';
import { decodeSettlementInstructionData } from './settlement-instruction.decoder';

const ids = resolveProgramIds();
const mint = Keypair.fromSeed(new Uint8Array(32).fill(3)).publicKey;
const owner = Keypair.fromSeed(new Uint8Array(32).fill(4)).publicKey;

describe('MagicBlock PDAs', () => {
  it('derive under SPLxh1 with the documented seeds', () => {
    const pda = (seeds: Uint8Array[]): string =>
      PublicKey.findProgramAddressSync(seeds, new PublicKey('SPLxh1LVZzEkX99H6rqYizhytLWPZVV296zyYDPagv2'))[0].toBase58();
    expect(transferQueueAddress(ids, mint, ids.teeValidator).toBase58()).toBe(pda([Buffer.from('queue'), mint.toBuffer(), ids.teeValidator.toBuffer()]));
    expect(vaultAddress(ids, mint).toBase58()).toBe(pda([mint.toBuffer()]));
    expect(ephemeralAtaAddress(ids, owner, mint).toBase58()).toBe(pda([owner.toBuffer(), mint.toBuffer()]));
    expect(transferQueueAddress(ids, mint, ids.validator).equals(transferQueueAddress(ids, mint, ids.teeValidator))).toBe(false);
  });
});

describe('settlement instruction data', () => {
  it('decodes the 18-byte form with any discriminator', () => {
    const data = new Uint8Array([198, 2, ...writeUintLE(1_000_000n, 8), 1, ...writeUintLE(77n, 8)]);
    expect(decodeSettlementInstructionData(data)).toEqual({ discriminator: 198, escrowIndex: 2, amount: 1_000_000n, flags: 1, clientRefId: 77n });
  });

  it('decodes the 10-byte form without a client ref and refuses other lengths', () => {
    const data = new Uint8Array([202, 0, ...writeUintLE(5n, 8), 0]);
    expect(decodeSettlementInstructionData(data)?.clientRefId).toBeUndefined();
    expect(decodeSettlementInstructionData(data)?.amount).toBe(5n);
    expect(decodeSettlementInstructionData(new Uint8Array(12))).toBeUndefined();
    expect(decodeSettlementInstructionData(new Uint8Array(0))).toBeUndefined();
  });
});
