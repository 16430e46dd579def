import nacl from 'tweetnacl';
import { describe, expect, it } from 'vitest';
import { sessionPaymentSigningBytes } from './session-payment.signer';
import { isSessionCloseFresh } from './session-close.message';
import { SESSION_CLOSE_WINDOW_SECONDS, sessionCloseSigningBytes, signSessionClose, verifySessionClose } from './session-close.signing';

const sessionKey = nacl.sign.keyPair.fromSeed(new Uint8Array(32).fill(3));
const stranger = nacl.sign.keyPair.fromSeed(new Uint8Array(32).fill(4));
const fields = { reason: 'user_closed', sessionId: 'sess_abc', timestampUnix: 1_767_225_600 };

describe('session close message', () => {
  it('is the domain tag followed by alphabetically keyed JSON without whitespace', () => {
    expect(new TextDecoder().decode(sessionCloseSigningBytes(fields))).toBe(
      'quietpay/session-close/v1\n{"reason":"user_closed","sessionId":"sess_abc","timestampUnix":1767225600}',
    );
  });

  it('is domain separated from the per-call payment bytes the same key signs', () => {
    const payment = new TextDecoder().decode(sessionPaymentSigningBytes({ sessionId: 'sess_abc', amount: '1', nonce: 'n', resource: 'https://x', payTo: 'p' }));
    const close = new TextDecoder().decode(sessionCloseSigningBytes(fields));
    expect(payment.split('\n')[0]).not.toBe(close.split('\n')[0]);
  });

  it('verifies only the session key over exactly these fields', () => {
    const signature = signSessionClose(fields, sessionKey.secretKey);
    expect(verifySessionClose(fields, signature, sessionKey.publicKey)).toBe(true);
    expect(verifySessionClose({ ...fields, sessionId: 'sess_other' }, signature, sessionKey.publicKey)).toBe(false);
    expect(verifySessionClose({ ...fields, reason: 'user_revoked' }, signature, sessionKey.publicKey)).toBe(false);
    expect(verifySessionClose({ ...fields, timestampUnix: fields.timestampUnix + 1 }, signature, sessionKey.publicKey)).toBe(false);
    expect(verifySessionClose(fields, signSessionClose(fields, stranger.secretKey), sessionKey.publicKey)).toBe(false);
    expect(verifySessionClose(fields, 'not-base58!', sessionKey.publicKey)).toBe(false);
  });

  it('is fresh only within the window either way', () => {
    const now = fields.timestampUnix;
    expect(isSessionCloseFresh(now - SESSION_CLOSE_WINDOW_SECONDS, now)).toBe(true);
    expect(isSessionCloseFresh(now + SESSION_CLOSE_WINDOW_SECONDS, now)).toBe(true);
    expect(isSessionCloseFresh(now - SESSION_CLOSE_WINDOW_SECONDS - 1, now)).toBe(false);
    expect(isSessionCloseFresh(now + SESSION_CLOSE_WINDOW_SECONDS + 1, now)).toBe(false);
  });
});
