import bs58 from 'bs58';
import nacl from 'tweetnacl';
import { describe, expect, it } from 'vitest';
import type { OpenSessionRequest } from '@quietpay/contracts';
import {
  buildLegacySessionAuthMessage,
  buildSessionAuthMessage,
  signSessionAuthMessage,
  type LegacySessionAuthFields,
  type SessionAuthFields,
} from '@quietpay/x402';
import { networkNormaliser } from '../shared/network.policy';
import { checkOpenTerms, type OpenPolicy } from './open-terms.check';

const NOW = 1_900_000_000;
const user = nacl.sign.keyPair.fromSeed(new Uint8Array(32).fill(9));
const FACILITATOR = '5sjEbPiqgZrYwR31ahR6Uk9wf5awoX61YGg7jExQSwaj';
const MINT = '7crFMbJN7hxVhUPNcRRxTGr9nD3TnvpZ8pNZepA19wuB';
const DEVNET = 'solana:EtWTRABZaYq6iMfeYKouRu166VU2xqa1';
const policy: OpenPolicy = {
  facilitator: FACILITATOR,
  mint: MINT,
  servedNetwork: DEVNET,
  normaliseNetwork: networkNormaliser(DEVNET),
  maxSessionSeconds: 3600,
  legacySessions: false,
  maxLegacyTopUpLamports: 0n,
};

const base: SessionAuthFields = {
  asset: MINT,
  cap: '5000000',
  expirationUnix: NOW + 600,
  network: 'solana:devnet',
  nonce: 'open-nonce-1',
  perCallLimit: '200000',
  recipient: '9Cir3JKBcQ1mzasrQNKWMiGVZvYu3dxvfkGeQ6mohWWi',
  sessionPubkey: bs58.encode(nacl.sign.keyPair.fromSeed(new Uint8Array(32).fill(8)).publicKey),
  spender: FACILITATOR,
  user: bs58.encode(user.publicKey),
};

function request(fields: SessionAuthFields, signer = user.secretKey): OpenSessionRequest {
  return {
    approveTxBase64: 'AA==',
    authMessage: buildSessionAuthMessage(fields),
    authSignature: signSessionAuthMessage(fields, signer),
    user: fields.user,
    sessionPublicKey: fields.sessionPubkey,
    terms: {
      cap: fields.cap,
      expirationUnix: fields.expirationUnix,
      asset: fields.asset,
      recipient: fields.recipient,
      network: fields.network,
      perCallLimit: fields.perCallLimit ?? '0',
    },
    nonce: fields.nonce,
    legacy: false,
  };
}

const codeOf = (r: OpenSessionRequest) => {
  const result = checkOpenTerms(r, policy, NOW);
  return result.ok ? `ok:${result.network}:${result.perCallLimit}` : result.code;
};

describe('session-open terms', () => {
  it('accepts signed terms on the devnet alias, normalises the network and takes the signed perCallLimit', () => {
    expect(codeOf(request(base))).toBe(`ok:${DEVNET}:200000`);
  });

  it('reads a legacy auth message without perCallLimit as no limit ("0")', () => {
    const { perCallLimit: _p, ...legacy } = base;
    expect(codeOf(request(legacy))).toBe(`ok:${DEVNET}:0`);
    expect(codeOf({ ...request(legacy), terms: { ...request(legacy).terms!, perCallLimit: '' } })).toBe(`ok:${DEVNET}:0`);
  });

  it.each([
    ['signed by another wallet', request(base, nacl.sign.keyPair().secretKey), 'bad_auth_signature'],
    ['a cap in the request other than the signed one', { ...request(base), terms: { ...request(base).terms!, cap: '9000000' } }, 'terms_mismatch'],
    [
      'a perCallLimit in the request other than the signed one',
      { ...request(base), terms: { ...request(base).terms!, perCallLimit: '900000' } },
      'terms_mismatch',
    ],
    ['no perCallLimit in the request when one was signed', { ...request(base), terms: { ...request(base).terms!, perCallLimit: '0' } }, 'terms_mismatch'],
    [
      'a perCallLimit in the request for a legacy message without one',
      (() => {
        const { perCallLimit: _p, ...legacy } = base;
        return { ...request(legacy), terms: { ...request(legacy).terms!, perCallLimit: '200000' } };
      })(),
      'terms_mismatch',
    ],
    [
      'an auth message whose perCallLimit was raised after signing',
      {
        ...request(base),
        authMessage: buildSessionAuthMessage({ ...base, perCallLimit: '900000' }),
        terms: { ...request(base).terms!, perCallLimit: '900000' },
      },
      'bad_auth_signature',
    ],
    ['a perCallLimit above 2^53-1', request({ ...base, perCallLimit: (2n ** 53n).toString() }), 'per_call_limit_too_large'],
    ['another session key than signed', { ...request(base), sessionPublicKey: FACILITATOR }, 'terms_mismatch'],
    ['a non-canonical auth message', { ...request(base), authMessage: JSON.stringify(base, null, 1) }, 'invalid_payload'],
    ['another network', request({ ...base, network: 'solana:5eykt4UsFv8P8NJdTREpY1vzqKqZKvdp' }), 'invalid_network'],
    ['an expiry in the past', request({ ...base, expirationUnix: NOW }), 'session_expired'],
    ['an expiry past the operator maximum', request({ ...base, expirationUnix: NOW + 3601 }), 'expiry_too_far'],
    ['a cap above 2^53-1', request({ ...base, cap: (2n ** 53n).toString() }), 'cap_too_large'],
    ['a spender other than this facilitator', request({ ...base, spender: base.recipient }), 'spender_mismatch'],
    ['another mint', request({ ...base, asset: base.recipient }), 'asset_mismatch'],
  ] as const)('refuses %s', (_name, r, code) => {
    expect(codeOf(r)).toBe(code);
  });
});

describe("session-open terms in the seed's shape (legacy)", () => {
  const { perCallLimit: _p, sessionPubkey: _s, ...seedFields } = base;
  const legacyPolicy: OpenPolicy = { ...policy, legacySessions: true, maxLegacyTopUpLamports: 2_000_000n };
  function seedRequest(fields: LegacySessionAuthFields, signer = user.secretKey): OpenSessionRequest {
    const message = buildLegacySessionAuthMessage(fields);
    return {
      approveTxBase64: 'AA==',
      authMessage: message,
      authSignature: bs58.encode(nacl.sign.detached(new TextEncoder().encode(message), signer)),
      user: fields.user,
      sessionPublicKey: '',
      terms: {
        cap: fields.cap,
        expirationUnix: fields.expirationUnix,
        asset: fields.asset,
        recipient: fields.recipient,
        network: fields.network,
        perCallLimit: '0',
      },
      nonce: fields.nonce,
      legacy: true,
    };
  }
  const legacyCode = (r: OpenSessionRequest, p = legacyPolicy) => {
    const result = checkOpenTerms(r, p, NOW);
    return result.ok ? `ok:${result.network}:${result.perCallLimit}:${result.fields.sessionPubkey}` : result.code;
  };

  it("accepts the seed's signed message (no session key, no per-call limit) in legacy mode", () => {
    expect(legacyCode(seedRequest(seedFields))).toBe(`ok:${DEVNET}:0:`);
  });

  it.each([
    ['legacy mode off', seedRequest(seedFields), 'legacy_sessions_disabled', policy],
    ['signed by another wallet', seedRequest(seedFields, nacl.sign.keyPair().secretKey), 'bad_auth_signature', legacyPolicy],
    ['a session key beside the seed message', { ...seedRequest(seedFields), sessionPublicKey: base.sessionPubkey }, 'invalid_payload', legacyPolicy],
    ["quietpay's message flagged legacy", { ...request(base), legacy: true, sessionPublicKey: '' }, 'invalid_payload', legacyPolicy],
    ["the seed's message not flagged legacy", { ...seedRequest(seedFields), legacy: false }, 'invalid_payload', legacyPolicy],
    [
      'a cap in the request other than the signed one',
      { ...seedRequest(seedFields), terms: { ...seedRequest(seedFields).terms!, cap: '1' } },
      'terms_mismatch',
      legacyPolicy,
    ],
    ['a spender other than this facilitator', seedRequest({ ...seedFields, spender: base.recipient }), 'spender_mismatch', legacyPolicy],
  ] as const)('refuses %s', (_name, r, code, p) => {
    expect(legacyCode(r, p)).toBe(code);
  });
});
