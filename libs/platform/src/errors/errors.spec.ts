import { ContractViolation } from '@quietpay/contracts';
import { ErrorCode as NatsErrorCode, NatsError } from 'nats';
import { ReplyError } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { errorFromReplyJson, errorReplyJson } from '../bus/command-reply';
import { fromNatsRequestError } from '../bus/nats-error.mapper';
import { PLATFORM_ERROR_CODES, TRANSPORT_ERROR_CODES, isTransportErrorCode } from './error-code';
import { QuietpayError } from './quietpay-error';
import { toQuietpayError } from './to-quietpay-error';

describe('error mapping', () => {
  it('classifies retryable by code unless told otherwise', () => {
    expect(new QuietpayError('bus_timeout', 't').retryable).toBe(true);
    expect(new QuietpayError('contract_violation', 'c').retryable).toBe(false);
    expect(new QuietpayError('cap_exceeded', 'c', { retryable: true }).retryable).toBe(true);
  });

  it('names the transport codes once: exactly those are retryable by default', () => {
    expect([...TRANSPORT_ERROR_CODES].sort()).toEqual(['bus_no_responders', 'bus_timeout', 'bus_unavailable', 'dependency_unavailable']);
    for (const code of [...PLATFORM_ERROR_CODES, 'cap_exceeded']) {
      expect(new QuietpayError(code, 'x').retryable, code).toBe(isTransportErrorCode(code));
    }
    // A reply that could not be read is no transport failure: the service may have acted.
    expect(isTransportErrorCode('bus_bad_reply')).toBe(false);
  });

  it('maps a ContractViolation to contract_violation and anything unknown to internal without its text', () => {
    const violation = toQuietpayError(new ContractViolation('quietpay.x.v1.Req', 'id: required'));
    expect(violation).toMatchObject({ code: 'contract_violation', retryable: false, context: { typeName: 'quietpay.x.v1.Req' } });
    const internal = toQuietpayError(new Error('password=hunter2'));
    expect(internal.code).toBe('internal');
    expect(internal.message).not.toContain('hunter2');
  });

  it('maps a Redis that cannot answer to retryable dependency_unavailable, a Redis refusal of the command to internal', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6379'), { code: 'ECONNREFUSED' });
    const exhausted = Object.assign(new Error('Reached the max retries per request limit (which is 2).'), { name: 'MaxRetriesPerRequestError' });
    for (const error of [refused, exhausted, new Error('Connection is closed.'), new ReplyError('LOADING Redis is loading the dataset in memory')]) {
      expect(toQuietpayError(error), error.message).toMatchObject({ code: 'dependency_unavailable', retryable: true });
    }
    expect(toQuietpayError(new ReplyError('ERR wrong number of arguments'))).toMatchObject({ code: 'internal', retryable: false });
  });

  it('maps NATS timeouts and missing responders to retryable bus errors', () => {
    const timeout = fromNatsRequestError(NatsError.errorForCode(NatsErrorCode.Timeout), 'quietpay.a.v1', 250);
    expect(timeout).toMatchObject({ code: 'bus_timeout', retryable: true, context: { subject: 'quietpay.a.v1', timeoutMs: '250' } });
    const none = fromNatsRequestError(NatsError.errorForCode(NatsErrorCode.NoResponders), 'quietpay.a.v1', 250);
    expect(none).toMatchObject({ code: 'bus_no_responders', retryable: true });
    expect(fromNatsRequestError(new Error('boom'), 'quietpay.a.v1', 250).code).toBe('bus_unavailable');
  });

  it('round-trips through the reply error arm', () => {
    const original = new QuietpayError('cap_exceeded', 'over cap', { context: { sessionId: 's1' } });
    const back = errorFromReplyJson(JSON.parse(JSON.stringify(errorReplyJson(original))));
    expect(back).toMatchObject({ code: 'cap_exceeded', message: 'over cap', retryable: false, context: { sessionId: 's1' } });
    expect(errorFromReplyJson({ ok: { ready: true } })).toBeUndefined();
    expect(errorFromReplyJson({ error: { nope: 1 } })?.code).toBe('bus_bad_reply');
  });
});
