import bs58 from 'bs58';
import nacl from 'tweetnacl';
import { describe, expect, it } from 'vitest';
import { buildLegacySessionAuthMessage, parseLegacySessionAuthMessage, verifyLegacySessionAuthMessage } from './legacy-session-auth.message';

const user = nacl.sign.keyPair.fromSeed(new Uint8Array(32).fill(5));
const fields = {
  asset: '7crFMbJN7hxVhUPNcRRxTGr9nD3TnvpZ8pNZepA19wuB',
  cap: '1000000',
  expirationUnix: 1_767_225_600,
  network: 'solana:devnet',
  nonce: 'b3f1c0de-0000-4000-8000-000000000001',
  recipient: '55LEmvuVgujxEvbrYBiDXBZmMxu3dMofVvT6uCq4q2xK',
  spender: '55LEmvuVgujxEvbrYBiDXBZmMxu3dMofVvT6uCq4q2xK',
  user: bs58.encode(user.publicKey),
};
// The seed signs exactly this: JSON.stringify in its key order (PROTOCOLS.md §2).
const seedText = JSON.stringify({
  asset: fields.asset,
  cap: fields.cap,
  expirationUnix: fields.expirationUnix,
  network: fields.network,
  nonce: fields.nonce,
  recipient: fields.recipient,
  spender: fields.spender,
  user: fields.user,
});

describe("the seed's session auth message", () => {
  it('builds byte for byte what the seed signs and parses it back', () => {
    expect(buildLegacySessionAuthMessage(fields)).toBe(seedText);
    expect(parseLegacySessionAuthMessage(seedText)).toEqual(fields);
  });

  it("verifies the wallet's signature over the text, and only for that user and text", () => {
    const signature = bs58.encode(nacl.sign.detached(new TextEncoder().encode(seedText), user.secretKey));
    expect(verifyLegacySessionAuthMessage(fields, signature)).toBe(true);
    expect(verifyLegacySessionAuthMessage({ ...fields, cap: '2000000' }, signature)).toBe(false);
  });

  it('refuses reordered keys, extra keys (a session key included) and non-JSON', () => {
    expect(parseLegacySessionAuthMessage(JSON.stringify({ ...fields }, Object.keys(fields).reverse()))).toBeUndefined();
    expect(parseLegacySessionAuthMessage(seedText.replace('"spender"', '"sessionPubkey":"x","spender"'))).toBeUndefined();
    expect(parseLegacySessionAuthMessage('not json')).toBeUndefined();
  });
});
