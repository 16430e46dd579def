import { Keypair, PublicKey } from '@solana/web3.js';
import { describe, expect, it } from 'vitest';
import { decodeEnqueue, decodeExecuteScheduled, decodeSettlement, encodeEnqueue, encodeExecuteScheduled, encodeSettlement } from './instruction.codec';
import { MAGICBLOCK_DEFAULTS } from './magicblock.config';
import { ephemeralAtaPda, transferQueuePda, vaultPda } from './magicblock.pda';
import { decodeQueueState, encodeQueueState, readyEntries } from './queue-account.codec';
import { EntrySealer, SEALED_ENTRY_BYTES } from './sealed-entry.codec';

const program = new PublicKey(MAGICBLOCK_DEFAULTS.privatePaymentsProgramId);
const validator = new PublicKey(MAGICBLOCK_DEFAULTS.validator);
const mint = Keypair.generate().publicKey;

describe('SPLxh1 PDAs', () => {
  it('derive from the documented seeds', () => {
    const [queue] = PublicKey.findProgramAddressSync([Buffer.from('queue'), mint.toBuffer(), validator.toBuffer()], program);
    expect(transferQueuePda(program, mint, validator).equals(queue)).toBe(true);
    expect(vaultPda(program, mint).equals(PublicKey.findProgramAddressSync([mint.toBuffer()], program)[0])).toBe(true);
    const owner = Keypair.generate().publicKey;
    expect(ephemeralAtaPda(program, owner, mint).equals(PublicKey.findProgramAddressSync([owner.toBuffer(), mint.toBuffer()], program)[0])).toBe(true);
    expect(transferQueuePda(program, mint, Keypair.generate().publicKey).equals(queue)).toBe(false);
  });
});

describe('settlement data', () => {
  it('is discriminator 202 then escrow_index u8 | amount u64 LE | flags u8 | client_ref_id u64 LE', () => {
    const data = Buffer.from(encodeSettlement({ escrowIndex: 2, amount: 1_000_000n, flags: 1, clientRefId: 0x0102030405060708n }));
    expect(data.toString('hex')).toBe('ca' + '02' + '40420f0000000000' + '01' + '0807060504030201');
    expect(decodeSettlement(data)).toEqual({ escrowIndex: 2, amount: 1_000_000n, flags: 1, clientRefId: 0x0102030405060708n });
  });

  it('also decodes the 10-byte form and rejects other lengths', () => {
    expect(decodeSettlement(Buffer.from('ca0140420f000000000000', 'hex'))?.clientRefId).toBe(0n);
    expect(decodeSettlement(Buffer.from('ca01', 'hex'))).toBeNull();
  });

  it('round-trips the delegation wrapper and the enqueue instruction', () => {
    const inner = encodeSettlement({ escrowIndex: 0, amount: 5n, flags: 1, clientRefId: 9n });
    expect(decodeExecuteScheduled(encodeExecuteScheduled({ entryId: 77n, inner }))).toEqual({ entryId: 77n, inner: new Uint8Array(inner) });
    const sealed = new Uint8Array(SEALED_ENTRY_BYTES).fill(3);
    const enq = { split: 3, amount: 10n, minDelayMs: 1n, maxDelayMs: 2n, sealed };
    expect(decodeEnqueue(encodeEnqueue(enq))).toEqual(enq);
    expect(decodeEnqueue(encodeEnqueue(enq).subarray(1))).toBeNull();
  });
});

describe('sealed entries and queue state', () => {
  const sealer = new EntrySealer(EntrySealer.generateKey());
  const destination = Keypair.generate().publicKey;

  it('open only with the sealing key and never carry the destination in clear', () => {
    const sealed = sealer.seal({ destination, clientRefId: 42n });
    expect(sealer.open(sealed)).toEqual({ destination, clientRefId: 42n });
    expect(Buffer.from(sealed).includes(destination.toBuffer())).toBe(false);
    expect(new EntrySealer(EntrySealer.generateKey()).open(sealed)).toBeNull();
    const tampered = Uint8Array.from(sealed);
    tampered[30] = (tampered[30] ?? 0) ^ 1;
    expect(sealer.open(tampered)).toBeNull();
  });

  it('round-trips and lists ready entries by deadline', () => {
    const entry = (id: bigint, readyAtMs: bigint) => ({ id, readyAtMs, amount: 1n, partIndex: 0, sealed: sealer.seal({ destination, clientRefId: id }) });
    const state = { mint, validator, nextEntryId: 4n, entries: [entry(1n, 300n), entry(2n, 100n), entry(3n, 900n)] };
    const decoded = decodeQueueState(encodeQueueState(state));
    expect(decoded).toEqual(state);
    expect(readyEntries(state, 300n).map((e) => e.id)).toEqual([2n, 1n]);
    expect(decodeQueueState(new Uint8Array(10))).toBeNull();
  });
});
