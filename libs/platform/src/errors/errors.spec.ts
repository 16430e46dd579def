import { ContractViolation } from '@quietpay/contracts';
import { ErrorCode as NatsErrorCode, NatsError } from 'nats';
import { ReplyError } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { errorFromReplyJson, errorReplyJson } from '../bus/command-reply';
import { fromNatsRequestError } from '../bus/nats-error.mapper';
import {
  CHAIN_POLLER_ERROR_CODES,
  CRANK_KEEPER_ERROR_CODES,
  DECRYPT_PROXY_ERROR_CODES,
  LEDGER_ERROR_CODES,
  SUBMITTER_ERROR_CODES,
  TX_BUILDER_ERROR_CODES,
  type ErrorCodeTable,
} from '@quietpay/contracts';
import { PLATFORM_ERROR_CLASSES, PLATFORM_ERROR_CODES, TRANSPORT_ERROR_CODES, isTransportErrorCode, retryClassOf } from './error-code';
import { serviceErrors } from './service-errors';
import { QuietpayError } from './quietpay-error';
import { toQuietpayError } from './to-quietpay-error';

describe('error mapping', () => {
  it('classifies retryable by code unless told otherwise', () => {
    expect(new QuietpayError('bus_timeout', 't').retryable).toBe(true);
    expect(new QuietpayError('contract_violation', 'c').retryable).toBe(false);
    expect(new QuietpayError('cap_exceeded', 'c', { retryable: true }).retryable).toBe(true);
  });

  it('names the transport codes once: exactly those of the platform codes are retryable', () => {
    expect([...TRANSPORT_ERROR_CODES].sort()).toEqual(['bus_no_responders', 'bus_timeout', 'bus_unavailable', 'dependency_unavailable']);
    for (const code of [...PLATFORM_ERROR_CODES, 'cap_exceeded']) {
      expect(new QuietpayError(code, 'x').retryable, code).toBe(isTransportErrorCode(code));
    }
    // A reply that could not be read is no transport failure: the service may have acted.
    expect(isTransportErrorCode('bus_bad_reply')).toBe(false);
  });

  const declared: Record<string, ErrorCodeTable> = {
    platform: PLATFORM_ERROR_CLASSES,
    'session-ledger': LEDGER_ERROR_CODES,
    submitter: SUBMITTER_ERROR_CODES,
    'tx-builder': TX_BUILDER_ERROR_CODES,
    'chain-poller': CHAIN_POLLER_ERROR_CODES,
    'crank-keeper': CRANK_KEEPER_ERROR_CODES,
    'decrypt-proxy': DECRYPT_PROXY_ERROR_CODES,
  };

  it('gives a code that several services declare one retry class', () => {
    const classOf = new Map<string, string>();
    for (const [service, table] of Object.entries(declared)) {
      for (const [code, retryClass] of Object.entries(table)) {
        expect(classOf.get(code) ?? retryClass, `${service}: ${code}`).toBe(retryClass);
        classOf.set(code, retryClass);
      }
    }
  });

  it("derives retryable from each declared code's class, and not retryable for a code no set declares", () => {
    for (const table of Object.values(declared)) {
      for (const [code, retryClass] of Object.entries(table)) {
        expect(retryClassOf(code)).toBe(retryClass);
        expect(new QuietpayError(code, 'x').retryable, code).toBe(retryClass === 'retryable');
      }
    }
    expect(retryClassOf('brand_new_code')).toBeUndefined();
    expect(new QuietpayError('brand_new_code', 'x').retryable).toBe(false);
  });

  it("raises a service's errors typed against its set, retryable by class unless the thrower says otherwise", () => {
    const ledgerError = serviceErrors(LEDGER_ERROR_CODES);
    expect(ledgerError('cap_exceeded', 'over').retryable).toBe(false);
    expect(ledgerError('batch_attempt_superseded', 'later').retryable).toBe(true);
    expect(ledgerError('bus_bad_reply', 'platform codes are shared').retryable).toBe(false);
    expect(ledgerError('rate_limited', 'r', { retryable: false }).retryable).toBe(false);
    // @ts-expect-error a code session-ledger does not declare does not compile
    expect(ledgerError('job_lock_lost', 'submitter only').code).toBe('job_lock_lost');
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
