import { Keypair, type PublicKey, SystemProgram, Transaction, TransactionMessage, VersionedTransaction } from '@solana/web3.js';
import bs58 from 'bs58';
import nacl from 'tweetnacl';
import { describe, expect, it } from 'vitest';
import { Address } from '../address/address';
import { approveCheckedInstruction, createIdempotentInstruction } from '../inco/inco-token.instructions';
import { approveCheckedParts, createIdempotentParts } from '../inco/inco-token.instruction-parts';
import { decodeCompactU16, encodeCompactU16 } from './compact-u16.codec';
import { compileLegacyMessage } from './legacy-message.compiler';
import { parseWireTransaction, serializeWireTransaction, unsignedWireTransaction, withSignature } from './wire-transaction';

const key = (n: number): PublicKey => Keypair.fromSeed(new Uint8Array(32).fill(n)).publicKey;
const blockhash = bs58.encode(new Uint8Array(32).fill(42));

describe('legacy messages and wire transactions without web3.js', () => {
  it('compact-u16 round-trips at its boundaries', () => {
    for (const n of [0, 1, 127, 128, 16_383, 16_384, 65_535]) {
      const bytes = encodeCompactU16(n);
      expect(decodeCompactU16(bytes, 0)).toEqual({ value: n, length: bytes.length });
    }
    expect(() => encodeCompactU16(65_536)).toThrow(RangeError);
    expect(() => decodeCompactU16(Uint8Array.of(0x80, 0x80, 0x80), 0)).toThrow(RangeError);
  });

  it("compiles the session's create_idempotent + approve_checked to the bytes web3.js compiles", () => {
    for (let n = 0; n < 12; n += 1) {
      const ids = { incoToken: key(1 + n), incoLightning: key(2 + n) };
      const [payer, owner, mint, delegate, source, allowance, recipientAta, recipient] = [3, 4, 5, 6, 7, 8, 9, 10].map((i) => key(i * 7 + n)) as PublicKey[];
      const ciphertext = Uint8Array.from({ length: 97 + n }, (_, i) => i);
      const approve = {
        source: source!,
        mint: mint!,
        delegate: delegate!,
        owner: owner!,
        ciphertext,
        decimals: 6,
        grant: { allowance: allowance!, allowed: delegate! },
      };
      const create = { payer: owner!, associatedToken: recipientAta!, wallet: recipient!, mint: mint! };
      const web3 = new Transaction({ feePayer: payer!, recentBlockhash: blockhash }).add(
        createIdempotentInstruction(ids, create),
        approveCheckedInstruction(ids, approve),
      );
      const ours = compileLegacyMessage({
        feePayer: payer!,
        recentBlockhash: blockhash,
        instructions: [createIdempotentParts(ids, create), approveCheckedParts(ids, approve)],
      });
      expect(Buffer.from(ours.bytes).toString('hex')).toBe(web3.compileMessage().serialize().toString('hex'));
      expect(ours.signers).toEqual([payer!.toBase58(), owner!.toBase58()]);
    }
  });

  it('parses, signs and serializes a legacy transaction as web3.js does', () => {
    const payer = Keypair.generate();
    const owner = Keypair.generate();
    const ids = { incoToken: key(1), incoLightning: key(2) };
    const create = { payer: owner.publicKey, associatedToken: key(3), wallet: key(4), mint: key(5) };
    const message = compileLegacyMessage({ feePayer: payer.publicKey, recentBlockhash: blockhash, instructions: [createIdempotentParts(ids, create)] });
    const unsigned = unsignedWireTransaction(message.bytes);
    expect(unsigned.version).toBe('legacy');
    expect(unsigned.signers).toEqual([payer.publicKey.toBase58(), owner.publicKey.toBase58()]);
    const signed = withSignature(unsigned, owner.publicKey.toBase58(), nacl.sign.detached(unsigned.message, owner.secretKey));
    const web3 = Transaction.from(serializeWireTransaction(signed));
    web3.partialSign(payer);
    expect(web3.verifySignatures()).toBe(true);
    expect(() => withSignature(unsigned, Address.from(key(9)).toBase58(), new Uint8Array(64))).toThrow(/not a signer/);
  });

  it('reads the signers of a v0 transaction and its signature lands where web3.js expects it', () => {
    const payer = Keypair.generate();
    const other = Keypair.generate();
    const ix = SystemProgram.transfer({ fromPubkey: other.publicKey, toPubkey: key(8), lamports: 5 });
    const v0 = new VersionedTransaction(
      new TransactionMessage({ payerKey: payer.publicKey, recentBlockhash: blockhash, instructions: [ix] }).compileToV0Message(),
    );
    const parsed = parseWireTransaction(v0.serialize());
    expect(parsed.version).toBe(0);
    expect(parsed.signers).toEqual([payer.publicKey.toBase58(), other.publicKey.toBase58()]);
    const signed = withSignature(parsed, other.publicKey.toBase58(), nacl.sign.detached(parsed.message, other.secretKey));
    const back = VersionedTransaction.deserialize(serializeWireTransaction(signed));
    back.sign([payer]);
    expect(nacl.sign.detached.verify(back.message.serialize(), back.signatures[1]!, other.publicKey.toBytes())).toBe(true);
    expect(() => parseWireTransaction(v0.serialize().subarray(0, 70))).toThrow(RangeError);
  });
});
