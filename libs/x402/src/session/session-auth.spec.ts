import bs58 from 'bs58';
import nacl from 'tweetnacl';
import { describe, expect, it } from 'vitest';
import {
  buildSessionAuthMessage,
  parseSessionAuthMessage,
  signSessionAuthMessage,
  verifySessionAuthMessage,
} from './session-auth.message';

const user = nacl.sign.keyPair.fromSeed(new Uint8Array(32).fill(1));
const session = nacl.sign.keyPair.fromSeed(new Uint8Array(32).fill(2));
const fields = {
  asset: '7crFMbJN7hxVhUPNcRRxTGr9nD3TnvpZ8pNZepA19wuB',
  cap: '5000000',
  expirationUnix: 1_767_225_600,
  network: 'solana:EtWTRABZaYq6iMfeYKouRu166VU2xqa1',
  nonce: 'auth-nonce-1',
  recipient: '9Cir3JKBcQ1mzasrQNKWMiGVZvYu3dxvfkGeQ6mohWWi',
  sessionPubkey: bs58.encode(session.publicKey),
  spender: '5sjEbPiqgZrYwR31ahR6Uk9wf5awoX61YGg7jExQSwaj',
  user: bs58.encode(user.publicKey),
};

describe('session auth message', () => {
  it("keeps the seed's alphabetical key order with sessionPubkey between recipient and spender", () => {
    const message = buildSessionAuthMessage(fields);
    expect(Object.keys(JSON.parse(message) as object)).toEqual([
      'asset', 'cap', 'expirationUnix', 'network', 'nonce', 'recipient', 'sessionPubkey', 'spender', 'user',
    ]);
    const { sessionPubkey: _s, ...seedFields } = fields;
    expect(message.replace(`"sessionPubkey":"${fields.sessionPubkey}",`, '')).toBe(
      JSON.stringify({ asset: seedFields.asset, cap: seedFields.cap, expirationUnix: seedFields.expirationUnix, network: seedFields.network, nonce: seedFields.nonce, recipient: seedFields.recipient, spender: seedFields.spender, user: seedFields.user }),
    );
  });

  it('verifies only the user wallet signature over the exact message', () => {
    const signature = signSessionAuthMessage(fields, user.secretKey);
    expect(verifySessionAuthMessage(fields, signature)).toBe(true);
    expect(verifySessionAuthMessage({ ...fields, cap: '5000001' }, signature)).toBe(false);
    expect(verifySessionAuthMessage(fields, signSessionAuthMessage(fields, session.secretKey))).toBe(false);
  });

  it('parses only canonical text', () => {
    const message = buildSessionAuthMessage(fields);
    expect(parseSessionAuthMessage(message)).toEqual(fields);
    expect(parseSessionAuthMessage(JSON.stringify(fields, null, 1))).toBeUndefined();
    expect(parseSessionAuthMessage(message.replace('{', '{"cap":"1",'))).toBeUndefined();
    expect(parseSessionAuthMessage('{')).toBeUndefined();
  });
});
