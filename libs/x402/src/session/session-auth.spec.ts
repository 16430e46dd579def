import bs58 from 'bs58';
import nacl from 'tweetnacl';
import { describe, expect, it } from 'vitest';
import {
  parseSessionAuthMessage,
  SessionAuthFieldsSchema,
  sessionAuthPerCallLimit,
  signSessionAuthMessage,
  verifySessionAuthMessage,
} from './session-auth.message';
import { buildSessionAuthMessage, SESSION_AUTH_KEYS } from './session-auth.text';

const user = nacl.sign.keyPair.fromSeed(new Uint8Array(32).fill(1));
const session = nacl.sign.keyPair.fromSeed(new Uint8Array(32).fill(2));
const fields = {
  asset: '7crFMbJN7hxVhUPNcRRxTGr9nD3TnvpZ8pNZepA19wuB',
  cap: '5000000',
  expirationUnix: 1_767_225_600,
  network: 'solana:EtWTRABZaYq6iMfeYKouRu166VU2xqa1',
  nonce: 'auth-nonce-1',
  perCallLimit: '200000',
  recipient: '9Cir3JKBcQ1mzasrQNKWMiGVZvYu3dxvfkGeQ6mohWWi',
  sessionPubkey: bs58.encode(session.publicKey),
  spender: '5sjEbPiqgZrYwR31ahR6Uk9wf5awoX61YGg7jExQSwaj',
  user: bs58.encode(user.publicKey),
};

describe('session auth message', () => {
  it('keeps the alphabetical key order rule: perCallLimit between nonce and recipient, sessionPubkey between recipient and spender', () => {
    const message = buildSessionAuthMessage(fields);
    expect(Object.keys(JSON.parse(message) as object)).toEqual([
      'asset',
      'cap',
      'expirationUnix',
      'network',
      'nonce',
      'perCallLimit',
      'recipient',
      'sessionPubkey',
      'spender',
      'user',
    ]);
    const { sessionPubkey: _s, perCallLimit: _p, ...seedFields } = fields;
    expect(message.replace(`"sessionPubkey":"${fields.sessionPubkey}",`, '').replace('"perCallLimit":"200000",', '')).toBe(
      JSON.stringify({
        asset: seedFields.asset,
        cap: seedFields.cap,
        expirationUnix: seedFields.expirationUnix,
        network: seedFields.network,
        nonce: seedFields.nonce,
        recipient: seedFields.recipient,
        spender: seedFields.spender,
        user: seedFields.user,
      }),
    );
  });

  it('signs perCallLimit: a changed limit, or "0" for a signed limit, does not verify', () => {
    const signature = signSessionAuthMessage(fields, user.secretKey);
    expect(verifySessionAuthMessage({ ...fields, perCallLimit: '500000' }, signature)).toBe(false);
    expect(verifySessionAuthMessage({ ...fields, perCallLimit: '0' }, signature)).toBe(false);
    const { perCallLimit: _p, ...legacy } = fields;
    expect(verifySessionAuthMessage(legacy, signature)).toBe(false);
  });

  it('accepts a legacy message without perCallLimit as no limit ("0"), and "0" written out as the same limit', () => {
    const { perCallLimit: _p, ...legacy } = fields;
    const legacyMessage = buildSessionAuthMessage(legacy);
    expect(legacyMessage).not.toContain('perCallLimit');
    const parsed = parseSessionAuthMessage(legacyMessage);
    expect(parsed).toEqual(legacy);
    expect(sessionAuthPerCallLimit(parsed!)).toBe('0');
    expect(verifySessionAuthMessage(parsed!, signSessionAuthMessage(legacy, user.secretKey))).toBe(true);
    const zero = parseSessionAuthMessage(buildSessionAuthMessage({ ...fields, perCallLimit: '0' }));
    expect(zero?.perCallLimit).toBe('0');
    expect(sessionAuthPerCallLimit(fields)).toBe('200000');
  });

  it.each([['-1'], ['01'], ['1.5'], [''], ['18446744073709551616']])('refuses perCallLimit %j', (limit) => {
    expect(parseSessionAuthMessage(buildSessionAuthMessage(fields).replace('"200000"', JSON.stringify(limit)))).toBeUndefined();
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
    expect(
      parseSessionAuthMessage(message.replace('"nonce"', '"perCallLimit":"200000","nonce"').replace('"perCallLimit":"200000","recipient"', '"recipient"')),
    ).toBeUndefined();
    expect(parseSessionAuthMessage('{')).toBeUndefined();
  });
});

describe('the auth message without zod', () => {
  it("writes the schema's keys in the schema's order (the SDK builds it without the schema)", () => {
    expect([...SESSION_AUTH_KEYS]).toEqual(Object.keys(SessionAuthFieldsSchema.shape));
  });
});
