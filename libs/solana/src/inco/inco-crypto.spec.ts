import { encryptValue } from '@inco/solana-sdk/encryption';
import { plaintextToBigInt, plaintextToBuffer } from '@inco/solana-sdk/utils';
import { sha256 } from '@noble/hashes/sha256';
import { Keypair } from '@solana/web3.js';
import bs58 from 'bs58';
import * as ecies from 'ecies-geth';
import nacl from 'tweetnacl';
import { describe, expect, it } from 'vitest';
import { attestationDigest, verifyAttestedDecrypt } from './attestation.verifier';
import { buildAttestedDecryptRequest } from './attested-decrypt.request';
import {
  AMOUNT_CIPHERTEXT_BYTES,
  AMOUNT_PLAINTEXT_DIGITS,
  ciphertextOpensTo,
  ECIES_OVERHEAD_BYTES,
  encryptAmountForTee,
  encryptAmountWithOpening,
} from './tee-encryption';

const padded = (digits: string): string => digits.padStart(AMOUNT_PLAINTEXT_DIGITS, '0');

describe('TEE encryption', () => {
  it('produces ecies-geth ciphertext of the zero-padded decimal string that the TEE key decrypts', async () => {
    const teePrivate = Buffer.alloc(32, 0x11);
    const teePublic = await ecies.getPublic(teePrivate);
    const ciphertext = await encryptAmountForTee(5_000_000n, teePublic.toString('hex'));
    expect(ciphertext.length).toBe(AMOUNT_CIPHERTEXT_BYTES);
    const plaintext = (await ecies.decrypt(teePrivate, Buffer.from(ciphertext))).toString('ascii');
    expect(plaintext).toBe(padded('5000000'));
    expect(BigInt(plaintext)).toBe(5_000_000n);
  });

  it('gives every amount, 0 to the largest Euint128, one ciphertext length', async () => {
    const teePublic = await ecies.getPublic(Buffer.alloc(32, 0x11));
    const amounts = [0n, 1n, 9n, 10n, 999_999n, 500_000_000_000n, 2n ** 64n - 1n, 2n ** 128n - 1n];
    const lengths = new Set(amounts.map((a) => encryptAmountWithOpening(a, teePublic).ciphertext.length));
    expect([...lengths]).toEqual([AMOUNT_CIPHERTEXT_BYTES]);
  });

  it("keeps the wire of @inco/solana-sdk's encryptValue (same overhead; only the plaintext is padded)", async () => {
    const sdkHex = await encryptValue(5_000_000n);
    expect(Buffer.from(sdkHex, 'hex').length).toBe(ECIES_OVERHEAD_BYTES + 7);
    expect(AMOUNT_CIPHERTEXT_BYTES - ECIES_OVERHEAD_BYTES).toBe(AMOUNT_PLAINTEXT_DIGITS);
  });

  it("decrypts (ecies-geth, @inco/solana-sdk's own dependency) to a plaintext @inco/solana-sdk's parsers read as the amount", async () => {
    // Were a covalidator to hand the decrypted input back verbatim, the SDK's decrypt path would
    // parse it with these: the leading zeros change neither the value nor its u128 attestation bytes.
    const teePrivate = Buffer.alloc(32, 0x11);
    const teePublic = await ecies.getPublic(teePrivate);
    for (const amount of [0n, 7n, 1_500_000n, 2n ** 128n - 1n]) {
      const plaintext = (await ecies.decrypt(teePrivate, Buffer.from(encryptAmountWithOpening(amount, teePublic).ciphertext))).toString('ascii');
      expect(plaintext).toHaveLength(AMOUNT_PLAINTEXT_DIGITS);
      expect(plaintextToBigInt(plaintext)).toBe(amount);
      expect(plaintextToBuffer(plaintext)).toEqual(plaintextToBuffer(amount.toString(10)));
    }
  });

  it('is byte-for-byte ecies-geth given the same ephemeral key and IV', async () => {
    const teePublic = await ecies.getPublic(Buffer.alloc(32, 0x11));
    const opening = { ephemeralSecret: new Uint8Array(32).fill(0x22), iv: new Uint8Array(16).fill(0x33) };
    const geth = await ecies.encrypt(teePublic, Buffer.from(padded('123456789'), 'ascii'), {
      ephemPrivateKey: Buffer.from(opening.ephemeralSecret),
      iv: Buffer.from(opening.iv),
    });
    expect(Buffer.from(encryptAmountWithOpening(123_456_789n, teePublic, opening).ciphertext)).toEqual(geth);
  });

  it('decrypts, with ecies-geth, what it encrypts with a fresh opening each time', async () => {
    const teePrivate = Buffer.alloc(32, 0x11);
    const teePublic = await ecies.getPublic(teePrivate);
    const a = encryptAmountWithOpening(42n, teePublic);
    const b = encryptAmountWithOpening(42n, teePublic);
    expect(Buffer.from(a.ciphertext)).not.toEqual(Buffer.from(b.ciphertext));
    expect((await ecies.decrypt(teePrivate, Buffer.from(a.ciphertext))).toString('ascii')).toBe(padded('42'));
  });

  it('opens a ciphertext to its amount only, under its own opening and key', async () => {
    const teePublic = await ecies.getPublic(Buffer.alloc(32, 0x11));
    const otherKey = await ecies.getPublic(Buffer.alloc(32, 0x12));
    const { ciphertext, opening } = encryptAmountWithOpening(1_000n, teePublic);
    expect(ciphertextOpensTo(ciphertext, 1_000n, teePublic.toString('hex'), opening)).toBe(true);
    expect(ciphertextOpensTo(ciphertext, 1_001n, teePublic, opening)).toBe(false);
    expect(ciphertextOpensTo(ciphertext, 1_000n, otherKey, opening)).toBe(false);
    expect(ciphertextOpensTo(ciphertext, 1_000n, teePublic, { ...opening, iv: new Uint8Array(16) })).toBe(false);
    expect(ciphertextOpensTo(encryptAmountWithOpening(1_000n, teePublic).ciphertext, 1_000n, teePublic, opening)).toBe(false);
    expect(ciphertextOpensTo(ciphertext, 1_000n, teePublic, { ...opening, ephemeralSecret: new Uint8Array(32) })).toBe(false);
    expect(ciphertextOpensTo(ciphertext, 1_000n, new Uint8Array(3), opening)).toBe(false);
  });

  it('refuses bad keys and out-of-range values', async () => {
    await expect(encryptAmountForTee(1n, new Uint8Array(33))).rejects.toThrow(RangeError);
    const pub = await ecies.getPublic(Buffer.alloc(32, 0x11));
    await expect(encryptAmountForTee(-1n, pub)).rejects.toThrow(RangeError);
  });
});

describe('attested decrypt', () => {
  const wallet = Keypair.fromSeed(new Uint8Array(32).fill(5));
  const covalidator = nacl.sign.keyPair.fromSeed(new Uint8Array(32).fill(6));
  const covalidatorKey = new Keypair({ publicKey: covalidator.publicKey, secretKey: covalidator.secretKey }).publicKey;
  const handle = 0xabcdef0123456789n * 3n;
  const attest = (h: bigint, plaintext: bigint, key = covalidator.secretKey): string => bs58.encode(nacl.sign.detached(attestationDigest(h, plaintext), key));

  it('builds the request body with a decimal handle signed by the wallet', async () => {
    const body = await buildAttestedDecryptRequest(handle, wallet.publicKey, (m) => nacl.sign.detached(m, wallet.secretKey));
    expect(body.handle).toBe(handle.toString(10));
    expect(body.address).toBe(wallet.publicKey.toBase58());
    expect(nacl.sign.detached.verify(new TextEncoder().encode(body.handle), bs58.decode(body.signature), wallet.publicKey.toBytes())).toBe(true);
  });

  it('digests lowercase unpadded hex of the handle and a 16-byte LE plaintext', () => {
    const expected = new Uint8Array([...new TextEncoder().encode('a'), 7, ...new Array<number>(15).fill(0)]);
    expect(attestationDigest(10n, 7n)).toEqual(sha256(expected));
  });

  it('accepts a genuine attestation and returns the value', () => {
    const res = verifyAttestedDecrypt(handle, { plaintext: '5000000', signature: attest(handle, 5_000_000n) }, covalidatorKey);
    expect(res).toEqual({ ok: true, plaintext: 5_000_000n });
  });

  it('rejects forged, swapped and mismatched answers', () => {
    const forger = nacl.sign.keyPair();
    expect(verifyAttestedDecrypt(handle, { plaintext: '5000000', signature: attest(handle, 5_000_000n, forger.secretKey) }, covalidatorKey)).toEqual({
      ok: false,
      reason: 'bad_signature',
    });
    expect(verifyAttestedDecrypt(handle, { plaintext: '9999999', signature: attest(handle, 5_000_000n) }, covalidatorKey)).toEqual({
      ok: false,
      reason: 'bad_signature',
    });
    expect(verifyAttestedDecrypt(handle, { plaintext: '5000000', signature: attest(handle + 1n, 5_000_000n) }, covalidatorKey)).toEqual({
      ok: false,
      reason: 'bad_signature',
    });
    expect(verifyAttestedDecrypt(handle, { plaintext: '5000000', signature: attest(handle, 5_000_000n), handle_value: '1' }, covalidatorKey)).toEqual({
      ok: false,
      reason: 'handle_mismatch',
    });
    expect(verifyAttestedDecrypt(handle, { plaintext: '0x10', signature: 'x' }, covalidatorKey)).toEqual({ ok: false, reason: 'malformed_response' });
  });
});
