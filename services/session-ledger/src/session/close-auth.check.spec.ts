import bs58 from 'bs58';
import nacl from 'tweetnacl';
import { describe, expect, it } from 'vitest';
import type { CloseSessionRequest } from '@quietpay/contracts';
import { SESSION_CLOSE_WINDOW_SECONDS, signSessionClose } from '@quietpay/x402';
import { checkCloseAuth } from './close-auth.check';

const NOW = 1_900_000_000;
const sessionKey = nacl.sign.keyPair.fromSeed(new Uint8Array(32).fill(5));
const stranger = nacl.sign.keyPair.fromSeed(new Uint8Array(32).fill(6));
const SESSION_PUBKEY = bs58.encode(sessionKey.publicKey);

function signed(patch: Partial<CloseSessionRequest> = {}, secretKey = sessionKey.secretKey): CloseSessionRequest {
  const base = { sessionId: 'sess_1', reason: 'user_closed', timestampUnix: NOW, ...patch };
  const signature = signSessionClose({ reason: base.reason, sessionId: base.sessionId, timestampUnix: base.timestampUnix }, secretKey);
  return { ...base, signature };
}

const codeOf = (request: CloseSessionRequest): string => {
  const result = checkCloseAuth(request, SESSION_PUBKEY, NOW);
  return result.ok ? 'ok' : result.code;
};

describe('session close authorisation', () => {
  it('accepts the session key over this session, reason and a fresh timestamp', () => {
    expect(codeOf(signed())).toBe('ok');
    expect(codeOf(signed({ reason: 'user_revoked', timestampUnix: NOW - SESSION_CLOSE_WINDOW_SECONDS }))).toBe('ok');
  });

  it.each([
    ['no signature', { ...signed(), signature: '' }, 'bad_close_signature'],
    ['no timestamp', { ...signed(), timestampUnix: 0 }, 'bad_close_signature'],
    ['another key', signed({}, stranger.secretKey), 'bad_close_signature'],
    ['a signature for another session', { ...signed({ sessionId: 'sess_2' }), sessionId: 'sess_1' }, 'bad_close_signature'],
    ['a changed reason', { ...signed(), reason: 'user_revoked' }, 'bad_close_signature'],
    ['a changed timestamp', { ...signed(), timestampUnix: NOW + 1 }, 'bad_close_signature'],
    ['an unsignable reason', signed({ reason: 'Not A Reason' }), 'bad_close_signature'],
    ['a stale timestamp', signed({ timestampUnix: NOW - SESSION_CLOSE_WINDOW_SECONDS - 1 }), 'stale_close_request'],
    ['a future timestamp', signed({ timestampUnix: NOW + SESSION_CLOSE_WINDOW_SECONDS + 1 }), 'stale_close_request'],
  ] as const)('refuses %s', (_name, request, code) => {
    expect(codeOf(request)).toBe(code);
  });
});
