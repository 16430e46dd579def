import bs58 from 'bs58';
import nacl from 'tweetnacl';
import { describe, expect, it } from 'vitest';
import type { PaymentRequirements, ReserveChargeRequest } from '@quietpay/contracts';
import { QuietpayError } from '@quietpay/platform';
import { signSessionPayment, type SessionPaymentFields } from '@quietpay/x402';
import type { CallAdmission, ChargeRequest, ReserveOutcome, SessionRecord, SessionTerms, VerifyOutcome } from '../ledger/ledger.types';
import { networkNormaliser } from '../shared/network.policy';
import type { ChargeLedger } from './charge-ledger.port';
import type { PaymentPolicy } from './payment.policy';
import { ReserveChargeUseCase } from './reserve-charge.usecase';
import { VerifyPaymentUseCase } from './verify-payment.usecase';

const NOW = 1_900_000_000;
const sessionKey = nacl.sign.keyPair.fromSeed(new Uint8Array(32).fill(3));
const otherKey = nacl.sign.keyPair.fromSeed(new Uint8Array(32).fill(4));
const MERCHANT = '9Cir3JKBcQ1mzasrQNKWMiGVZvYu3dxvfkGeQ6mohWWi';
const EVIL = '5sjEbPiqgZrYwR31ahR6Uk9wf5awoX61YGg7jExQSwaj';
const MINT = '7crFMbJN7hxVhUPNcRRxTGr9nD3TnvpZ8pNZepA19wuB';
const RESOURCE = 'https://api.example/weather';

const session: SessionRecord = {
  sessionId: 'sess_unit',
  user: 'User1111111111111111111111111111111111111111',
  spender: 'Fac11111111111111111111111111111111111111111',
  asset: MINT,
  recipient: MERCHANT,
  network: 'solana:localnet',
  cap: '1000000',
  spent: '0',
  perCallLimit: '0',
  expirationUnix: NOW + 3600,
  sessionPubkey: bs58.encode(sessionKey.publicKey),
  sourceAccount: 'Src111111111111111111111111111111111111111',
  approveTxSignature: 'sig',
  status: 'active',
  createdAtMs: 0,
  legacy: false,
};

/** A session opened in the seed's shape: no session key, legacy payloads only. */
const legacySession: SessionRecord = { ...session, sessionId: 'sess_legacy', sessionPubkey: '', legacy: true };

/** Records what reached the ledger: a rejected call must never get there. */
class RecordingLedger implements ChargeLedger {
  readonly calls: ChargeRequest[] = [];
  sessionTerms(sessionId: string): Promise<SessionTerms | null> {
    return Promise.resolve([session, legacySession].find((s) => s.sessionId === sessionId) ?? null);
  }
  admitCall(): Promise<CallAdmission> {
    return Promise.resolve({ ok: true });
  }
  verify(request: ChargeRequest): Promise<VerifyOutcome> {
    this.calls.push(request);
    return Promise.resolve({ ok: true, remaining: 1n });
  }
  reserve(request: ChargeRequest, chargeId: string): Promise<ReserveOutcome> {
    this.calls.push(request);
    const charge = {
      chargeId,
      sessionId: request.sessionId,
      idempotencyKey: request.idempotencyKey,
      amount: request.amount.toString(),
      nonce: request.nonce,
      state: 'reserved' as const,
      signature: '',
      reason: '',
    };
    return Promise.resolve({ ok: true, charge, duplicate: false, spent: request.amount });
  }
}

function policy(legacy = false): PaymentPolicy {
  return { servedNetwork: 'solana:localnet', normaliseNetwork: networkNormaliser('solana:localnet'), legacyUnsignedPayloads: legacy };
}

const requirements: PaymentRequirements = {
  scheme: 'session',
  network: 'solana:localnet',
  asset: MINT,
  amount: '1000',
  payTo: MERCHANT,
  maxTimeoutSeconds: 60,
  extra: {},
};
const fields: SessionPaymentFields = { sessionId: session.sessionId, amount: '1000', nonce: 'nonce-0123456789abcdef', resource: RESOURCE, payTo: MERCHANT };

function setup(legacy = false) {
  const ledger = new RecordingLedger();
  return { ledger, verify: new VerifyPaymentUseCase(ledger, policy(legacy)), reserve: new ReserveChargeUseCase(ledger, policy(legacy)) };
}

function reserveRequest(overrides: Partial<ReserveChargeRequest> = {}): ReserveChargeRequest {
  return { payload: signSessionPayment(fields, sessionKey.secretKey), requirements, idempotencyKey: 'k1', resource: RESOURCE, ...overrides };
}

async function reasonOfReserve(useCase: ReserveChargeUseCase, request: ReserveChargeRequest): Promise<string> {
  try {
    await useCase.execute(request);
    return 'reserved';
  } catch (error) {
    if (error instanceof QuietpayError) return error.code;
    throw error;
  }
}

describe('verify and reserve bind the session-key signature to the call', () => {
  const signed = signSessionPayment(fields, sessionKey.secretKey);

  // Each case: what the request says vs what the session key signed; the reason both use cases give.
  const cases: [string, Partial<ReserveChargeRequest>, string][] = [
    ['an honest call', {}, 'ok'],
    [
      'an amount changed to match other requirements',
      { payload: { ...signed, amount: '2000' }, requirements: { ...requirements, amount: '2000' } },
      'bad_session_signature',
    ],
    ['an amount differing from the requirements', { payload: { ...signed, amount: '2000' } }, 'amount_mismatch'],
    [
      'a payTo changed to match other requirements',
      { payload: { ...signed, payTo: EVIL }, requirements: { ...requirements, payTo: EVIL } },
      'bad_session_signature',
    ],
    ['a payTo differing from the requirements', { payload: { ...signed, payTo: EVIL } }, 'recipient_mismatch'],
    [
      'a resource changed to match another resource',
      { payload: { ...signed, resource: `${RESOURCE}/premium` }, resource: `${RESOURCE}/premium` },
      'bad_session_signature',
    ],
    ['a resource differing from the one paid for', { resource: `${RESOURCE}/premium` }, 'resource_mismatch'],
    ['a payload signed by another key', { payload: signSessionPayment(fields, otherKey.secretKey) }, 'bad_session_signature'],
    ['an unknown session', { payload: signSessionPayment({ ...fields, sessionId: 'sess_ghost' }, sessionKey.secretKey) }, 'session_not_found'],
    ['another scheme', { requirements: { ...requirements, scheme: 'exact' } }, 'invalid_scheme'],
    ['another network', { requirements: { ...requirements, network: 'solana:devnet' } }, 'invalid_network'],
    ['a malformed nonce', { payload: { ...signed, nonce: 'short' } }, 'invalid_payload'],
    [
      'a legacy payload with legacy mode off',
      { payload: undefined, legacyPayload: { sessionId: session.sessionId, amount: '1000', nonce: '' } },
      'legacy_payload_disabled',
    ],
    ['both payload kinds at once', { legacyPayload: { sessionId: session.sessionId, amount: '1000', nonce: '' } }, 'invalid_payload'],
  ];

  it.each(cases)('%s', async (_name, overrides, expected) => {
    const { ledger, verify, reserve } = setup();
    const request = reserveRequest(overrides);
    const verified = await verify.execute({
      payload: request.payload,
      legacyPayload: request.legacyPayload,
      requirements: request.requirements,
      resource: request.resource,
      idempotencyKey: '',
    });
    expect(verified.isValid ? 'ok' : verified.invalidReason).toBe(expected);
    expect(await reasonOfReserve(reserve, request)).toBe(expected === 'ok' ? 'reserved' : expected);
    expect(ledger.calls).toHaveLength(expected === 'ok' ? 2 : 0);
  });

  it('accepts the devnet alias when the facilitator serves devnet', async () => {
    const ledger = new RecordingLedger();
    const devnet: PaymentPolicy = {
      servedNetwork: 'solana:EtWTRABZaYq6iMfeYKouRu166VU2xqa1',
      normaliseNetwork: networkNormaliser('solana:EtWTRABZaYq6iMfeYKouRu166VU2xqa1'),
      legacyUnsignedPayloads: false,
    };
    const verify = new VerifyPaymentUseCase(ledger, devnet);
    const result = await verify.execute({
      payload: signed,
      requirements: { ...requirements, network: 'solana:devnet' },
      resource: RESOURCE,
      idempotencyKey: '',
    });
    expect(result.isValid).toBe(true);
    expect(ledger.calls[0]?.network).toBe('solana:EtWTRABZaYq6iMfeYKouRu166VU2xqa1');
  });

  it('accepts a legacy payload for a legacy session in legacy mode, still checking amount, and locks on the idempotency key', async () => {
    const { ledger, reserve } = setup(true);
    const legacyPayload = { sessionId: legacySession.sessionId, amount: '1000', nonce: '' };
    expect(await reasonOfReserve(reserve, reserveRequest({ payload: undefined, legacyPayload, requirements: { ...requirements, amount: '999' } }))).toBe(
      'amount_mismatch',
    );
    const charge = await reserve.execute(reserveRequest({ payload: undefined, legacyPayload, idempotencyKey: 'pid-7' }));
    expect(charge.amount).toBe('1000');
    expect(ledger.calls.map((c) => [c.nonce, c.payTo])).toEqual([['legacy:pid-7', MERCHANT]]);
  });

  it("locks a legacy payload on the seed's nonce when it carries one, and refuses a malformed nonce", async () => {
    const { ledger, reserve } = setup(true);
    await reserve.execute(
      reserveRequest({ payload: undefined, legacyPayload: { sessionId: legacySession.sessionId, amount: '1000', nonce: 'seed-n1' }, idempotencyKey: 'k9' }),
    );
    expect(ledger.calls.map((c) => c.nonce)).toEqual(['legacy-nonce:seed-n1']);
    const spaced = { sessionId: legacySession.sessionId, amount: '1000', nonce: 'has space' };
    expect(await reasonOfReserve(reserve, reserveRequest({ payload: undefined, legacyPayload: spaced }))).toBe('invalid_payload');
  });

  it('keeps legacy and quietpay sessions apart: a bearer payload never spends a keyed session, a signed one never a legacy session', async () => {
    const { ledger, reserve, verify } = setup(true);
    const bearer = reserveRequest({ payload: undefined, legacyPayload: { sessionId: session.sessionId, amount: '1000', nonce: '' } });
    expect(await reasonOfReserve(reserve, bearer)).toBe('legacy_payload_refused');
    expect(await verify.execute({ ...bearer, idempotencyKey: '' })).toMatchObject({ isValid: false, invalidReason: 'legacy_payload_refused' });
    const signedForLegacy = reserveRequest({ payload: signSessionPayment({ ...fields, sessionId: legacySession.sessionId }, sessionKey.secretKey) });
    expect(await reasonOfReserve(reserve, signedForLegacy)).toBe('legacy_session');
    expect(ledger.calls).toEqual([]);
  });

  it('gives each reservation a settlement id that names its session', async () => {
    const { reserve } = setup();
    const charge = await reserve.execute(reserveRequest());
    expect(charge.settlementId.startsWith(`${session.sessionId}.`)).toBe(true);
    expect(charge.idempotencyKey).toBe('k1');
  });
});
