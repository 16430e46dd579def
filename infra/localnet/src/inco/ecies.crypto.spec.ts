import * as eciesGeth from 'ecies-geth';
import { describe, expect, it } from 'vitest';
import { secp256k1 } from '@noble/curves/secp256k1';
import { ECIES_OVERHEAD, eciesDecrypt, eciesEncrypt } from './ecies.crypto';

const priv = secp256k1.utils.randomPrivateKey();
const pub = secp256k1.getPublicKey(priv, false);

describe('ECIES (ecies-geth wire format)', () => {
  it('decrypts what ecies-geth (used by @inco/solana-sdk encryptValue) encrypts', async () => {
    const ct = await eciesGeth.encrypt(Buffer.from(pub), Buffer.from('1234567'));
    expect(ct.length).toBe(ECIES_OVERHEAD + 7);
    expect(Buffer.from(eciesDecrypt(priv, ct) ?? []).toString()).toBe('1234567');
  });

  it('produces what ecies-geth decrypts', async () => {
    const ct = eciesEncrypt(pub, Buffer.from('42'));
    expect((await eciesGeth.decrypt(Buffer.from(priv), Buffer.from(ct))).toString()).toBe('42');
  });

  it('rejects a tampered ciphertext, a wrong key and short input', () => {
    const ct = eciesEncrypt(pub, Buffer.from('42'));
    const bad = Uint8Array.from(ct);
    bad[70] = (bad[70] ?? 0) ^ 1;
    expect(eciesDecrypt(priv, bad)).toBeNull();
    expect(eciesDecrypt(secp256k1.utils.randomPrivateKey(), ct)).toBeNull();
    expect(eciesDecrypt(priv, ct.subarray(0, 100))).toBeNull();
  });
});
