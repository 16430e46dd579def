import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Keypair } from '@solana/web3.js';
import { describe, expect, it } from 'vitest';
import { Secret } from '../config/secret';
import { type ChargeAuthorizationTerms, decodeChargeAuthorization, encodeChargeAuthorization } from './charge-authorization.codec';
import { type AccountCreationTerms, decodeAccountCreation, encodeAccountCreation } from './account-creation-authorization.codec';
import { isKeypairFile, LedgerAuthorityKey, ledgerAccountCreationVerifier, ledgerAuthorityVerifier } from './ledger-authority.key';

const dir = mkdtempSync(join(tmpdir(), 'qp-authority-'));
function keyFile(keypair: Keypair): Secret {
  const path = join(dir, `${keypair.publicKey.toBase58()}.json`);
  writeFileSync(path, JSON.stringify(Array.from(keypair.secretKey)));
  return new Secret(path, Buffer.from(JSON.stringify(Array.from(keypair.secretKey))));
}

const ledgerPair = Keypair.fromSeed(new Uint8Array(32).fill(7));
const ledger = LedgerAuthorityKey.fromKeypairFile(keyFile(ledgerPair));
const NOW = 1_900_000_000;
const terms: ChargeAuthorizationTerms = {
  kind: 'charge',
  id: 'sess_1.0b9d6c1e-1111-4222-8333-444455556666',
  sessionId: 'sess_1',
  amount: 10_000n,
  user: Keypair.fromSeed(new Uint8Array(32).fill(1)).publicKey.toBase58(),
  recipient: Keypair.fromSeed(new Uint8Array(32).fill(2)).publicKey.toBase58(),
  mint: Keypair.fromSeed(new Uint8Array(32).fill(3)).publicKey.toBase58(),
  network: 'solana:localnet',
  expiresAtUnix: NOW + 120,
  members: ['sess_1.0b9d6c1e-1111-4222-8333-444455556666'],
};

describe('charge authorization codec', () => {
  it('signs exactly these bytes (the signer of another version must read them): domain line, then name=value lines', () => {
    const text = new TextDecoder().decode(encodeChargeAuthorization(terms));
    expect(text).toBe(
      [
        'quietpay.charge-authorization.v1',
        'kind=charge',
        `id=${terms.id}`,
        'session=sess_1',
        'amount=10000',
        `user=${terms.user}`,
        `recipient=${terms.recipient}`,
        `mint=${terms.mint}`,
        'network=solana:localnet',
        `expires=${NOW + 120}`,
        `members=${terms.id}`,
      ].join('\n'),
    );
  });

  it('round-trips terms through canonical bytes', () => {
    expect(decodeChargeAuthorization(encodeChargeAuthorization(terms))).toEqual(terms);
    const batch = { ...terms, kind: 'batch' as const, id: 'batch-1', members: ['a.1', 'a.2'] };
    expect(decodeChargeAuthorization(encodeChargeAuthorization(batch))).toEqual(batch);
  });

  it('refuses values that could smuggle a separator, and non-canonical bytes', () => {
    expect(() => encodeChargeAuthorization({ ...terms, sessionId: 'x\nuser=evil' })).toThrow(/authorization_malformed|malformed/);
    expect(() => encodeChargeAuthorization({ ...terms, members: ['other'] })).toThrow(/malformed/);
    expect(() => encodeChargeAuthorization({ ...terms, amount: 0n })).toThrow(/malformed/);
    const bytes = new TextDecoder().decode(encodeChargeAuthorization(terms));
    for (const bad of [
      bytes.replace('amount=10000', 'amount=010000'),
      `${bytes}\n`,
      bytes.replace('kind=charge\n', ''),
      bytes.replace('amount=10000', 'amount=-1'),
    ]) {
      expect(() => decodeChargeAuthorization(new TextEncoder().encode(bad))).toThrow(/malformed/);
    }
  });
});

describe('ledger authority key', () => {
  const verify = ledgerAuthorityVerifier(ledgerPair.publicKey.toBase58());

  it('signs terms the ledger public key verifies, until they expire', () => {
    expect(ledger.publicKeyBase58).toBe(ledgerPair.publicKey.toBase58());
    const signed = ledger.sign(terms);
    expect(verify(signed, NOW)).toEqual({ ok: true, terms });
    expect(verify(signed, NOW + 120)).toMatchObject({ ok: false, reason: 'authorization_expired' });
  });

  it('refuses another key, a tampered payload and a truncated signature', () => {
    const forger = LedgerAuthorityKey.fromKeypairFile(keyFile(Keypair.generate()));
    expect(verify(forger.sign(terms), NOW)).toMatchObject({ ok: false, reason: 'authorization_forged' });
    const signed = ledger.sign(terms);
    const inflated = new TextEncoder().encode(new TextDecoder().decode(signed.payload).replace('amount=10000', 'amount=500000'));
    expect(verify({ payload: inflated, signature: signed.signature }, NOW)).toMatchObject({ ok: false, reason: 'authorization_forged' });
    expect(verify({ payload: signed.payload, signature: signed.signature.subarray(0, 63) }, NOW)).toMatchObject({ ok: false, reason: 'authorization_forged' });
  });

  it('refuses a key file whose halves do not belong together, and tells keypair files apart', () => {
    const mixed = Uint8Array.from([...ledgerPair.secretKey.subarray(0, 32), ...Keypair.generate().publicKey.toBytes()]);
    const secret = new Secret('mixed', Buffer.from(JSON.stringify(Array.from(mixed))));
    expect(() => LedgerAuthorityKey.fromKeypairFile(secret)).toThrow(RangeError);
    expect(isKeypairFile(secret)).toBe(true);
    expect(isKeypairFile(new Secret('x', Buffer.from('[1,2,3]')))).toBe(false);
    expect(() => ledgerAuthorityVerifier('abc')).toThrow(RangeError);
  });
});

describe('account-creation authorization', () => {
  const creation: AccountCreationTerms = {
    wallet: terms.recipient,
    mint: terms.mint,
    network: 'solana:localnet',
    sessionId: 'sess_1',
    expiresAtUnix: NOW + 120,
  };
  const verifyCreation = ledgerAccountCreationVerifier(ledgerPair.publicKey.toBase58());

  it('signs exactly these bytes: its own domain line, then name=value lines', () => {
    expect(new TextDecoder().decode(encodeAccountCreation(creation))).toBe(
      [
        'quietpay.account-creation-authorization.v1',
        `wallet=${creation.wallet}`,
        `mint=${creation.mint}`,
        'network=solana:localnet',
        'session=sess_1',
        `expires=${NOW + 120}`,
      ].join('\n'),
    );
  });

  it('round-trips through canonical bytes and verifies under the ledger key until it expires', () => {
    expect(decodeAccountCreation(encodeAccountCreation(creation))).toEqual(creation);
    const signed = ledger.signAccountCreation(creation);
    expect(verifyCreation(signed, NOW)).toEqual({ ok: true, terms: creation });
    expect(verifyCreation(signed, NOW + 120)).toMatchObject({ ok: false, reason: 'authorization_expired' });
  });

  it('refuses another key, another wallet in the signed bytes, and a charge authorization in its place (and the reverse)', () => {
    const forger = LedgerAuthorityKey.fromKeypairFile(keyFile(Keypair.generate()));
    expect(verifyCreation(forger.signAccountCreation(creation), NOW)).toMatchObject({ ok: false, reason: 'authorization_forged' });
    const signed = ledger.signAccountCreation(creation);
    const stranger = Keypair.generate().publicKey.toBase58();
    const swapped = new TextEncoder().encode(new TextDecoder().decode(signed.payload).replace(creation.wallet, stranger));
    expect(verifyCreation({ payload: swapped, signature: signed.signature }, NOW)).toMatchObject({ ok: false, reason: 'authorization_forged' });
    expect(verifyCreation(ledger.sign(terms), NOW)).toMatchObject({ ok: false, reason: 'authorization_malformed' });
    expect(ledgerAuthorityVerifier(ledgerPair.publicKey.toBase58())(signed, NOW)).toMatchObject({ ok: false, reason: 'authorization_malformed' });
  });

  it('refuses terms that could smuggle a separator', () => {
    expect(() => encodeAccountCreation({ ...creation, sessionId: 'x\nwallet=evil' })).toThrow(/malformed/);
    expect(() => encodeAccountCreation({ ...creation, wallet: 'not-base58!' })).toThrow(/malformed/);
  });
});
