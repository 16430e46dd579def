import { describe, expect, it } from 'vitest';
import { ContractViolation } from './contract';
import { SessionChargeReserveV1, SessionGetV1, SessionOpenedV1 } from './gen/registry';
import type { ReserveChargeRequest, Session } from './gen/registry';
import { SessionStatus } from './gen/registry';

const session: Session = {
  sessionId: 'sess_01',
  user: 'User1111111111111111111111111111111111111111',
  spender: 'Fac11111111111111111111111111111111111111111',
  asset: '7crFMbJN7hxVhUPNcRRxTGr9nD3TnvpZ8pNZepA19wuB',
  recipient: 'Rec11111111111111111111111111111111111111111',
  cap: '18446744073709551615',
  spent: '0',
  perCallLimit: '0',
  expirationUnix: 1_900_000_000,
  network: 'solana:EtWTRABZaYq6iMfeYKouRu166VU2xqa1',
  approveTxSignature: '',
  sessionPublicKey: 'Ses11111111111111111111111111111111111111111',
  status: SessionStatus.ACTIVE,
  createdAtUnix: 1_800_000_000,
  sourceAccount: 'Src11111111111111111111111111111111111111111',
  legacy: false,
};

const reserve: ReserveChargeRequest = {
  payload: { sessionId: 'sess_01', amount: '1500', nonce: 'n1', resource: 'https://api/x', payTo: 'Rec1', sig: 'sig' },
  requirements: { scheme: 'session', network: 'solana:x', asset: 'mint', amount: '1500', payTo: 'Rec1', maxTimeoutSeconds: 60, extra: {} },
  idempotencyKey: 'idem-1',
  resource: 'https://api/x',
};

function violation(fn: () => unknown): ContractViolation {
  try {
    fn();
  } catch (err) {
    if (err instanceof ContractViolation) return err;
    throw err;
  }
  throw new Error('expected a ContractViolation');
}

describe('message codecs', () => {
  it('round-trips a reply with u64 amounts as JSON strings', () => {
    const wire = SessionGetV1.reply.encode({ result: { case: 'ok', value: session } });
    const json = JSON.parse(JSON.stringify(wire)) as { ok: { cap: unknown; status: unknown } };
    expect(json.ok.cap).toBe('18446744073709551615');
    expect(json.ok.status).toBe('SESSION_STATUS_ACTIVE');
    const back = SessionGetV1.reply.decode(json);
    expect(back.result.case).toBe('ok');
    expect(back.result.value).toMatchObject(session);
  });

  it('round-trips a request and an event', () => {
    expect(SessionChargeReserveV1.request.decode(SessionChargeReserveV1.request.encode(reserve))).toMatchObject(reserve);
    const event = { sessionId: session.sessionId, expirationUnix: session.expirationUnix, openedAtUnix: 1_700_000_000 };
    expect(SessionOpenedV1.payload.decode(SessionOpenedV1.payload.encode(event))).toMatchObject(event);
  });

  it('rejects an unknown field, naming it', () => {
    const err = violation(() => SessionGetV1.request.decode({ sessionId: 's', sessionID: 's' }));
    expect(err.typeName).toBe('quietpay.session.v1.GetSessionRequest');
    expect(err.detail).toContain('sessionID');
  });

  it('rejects a wrong type', () => {
    const err = violation(() => SessionChargeReserveV1.request.decode({ ...reserve, payload: { ...reserve.payload, amount: 'lots' } }));
    expect(err.detail).toMatch(/amount/);
  });

  it('rejects a negative u64 and an unknown enum name', () => {
    expect(() => SessionChargeReserveV1.request.decode({ ...reserve, payload: { ...reserve.payload, amount: '-1' } })).toThrow(ContractViolation);
    const wire = SessionGetV1.reply.encode({ result: { case: 'ok', value: session } }) as { ok: Record<string, unknown> };
    expect(() => SessionGetV1.reply.decode({ ok: { ...wire.ok, status: 'SESSION_STATUS_ALIVE' } })).toThrow(ContractViolation);
  });

  it('rejects missing required fields with their paths', () => {
    const { idempotencyKey: _omitted, ...withoutKey } = reserve;
    const err = violation(() => SessionChargeReserveV1.request.decode({ ...withoutKey, payload: { ...reserve.payload, sessionId: '' } }));
    expect(err.detail).toBe('missing required payload.sessionId, idempotencyKey');
    expect(violation(() => SessionGetV1.request.decode({})).detail).toBe('missing required sessionId');
  });

  it('rejects a reply with neither ok nor error', () => {
    expect(violation(() => SessionGetV1.reply.decode({})).detail).toMatch(/^missing required result \(one of ok, error\)/);
  });

  it('accepts an error reply and checks its required code', () => {
    const error = { code: 'session_not_found', message: 'no such session', retryable: false, context: { sessionId: 's' } };
    const back = SessionGetV1.reply.decode(SessionGetV1.reply.encode({ result: { case: 'error', value: error } }));
    expect(back.result).toMatchObject({ case: 'error', value: error });
    expect(violation(() => SessionGetV1.reply.decode({ error: { message: 'x' } })).detail).toBe('missing required error.code');
  });

  it('rejects non-objects', () => {
    expect(violation(() => SessionGetV1.request.decode('s')).detail).toBe('expected a JSON object, got string');
    expect(violation(() => SessionGetV1.request.decode(null)).detail).toBe('expected a JSON object, got null');
    expect(violation(() => SessionGetV1.request.decode([])).detail).toBe('expected a JSON object, got an array');
  });

  it('refuses to encode a message missing a required field', () => {
    expect(() => SessionGetV1.request.encode({ sessionId: '' })).toThrow(ContractViolation);
  });
});
