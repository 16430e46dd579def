import {
  CHAIN_POLLER_ERROR_CODES,
  CRANK_KEEPER_ERROR_CODES,
  DECRYPT_PROXY_ERROR_CODES,
  LEDGER_ERROR_CODES,
  SUBMITTER_ERROR_CODES,
  TX_BUILDER_ERROR_CODES,
  type ErrorCodeTable,
  type RetryClass,
} from '@quietpay/contracts';

/**
 * Error codes the platform itself raises, lower snake case as in
 * proto/quietpay/common/v1/error.proto, each with its retry class. Frozen once published
 * (callers switch on them). `internal` and `bus_bad_reply` are not retryable by themselves: a
 * caller that knows its request is idempotent (the submitter) may still ask again.
 */
export const PLATFORM_ERROR_CLASSES = {
  config_invalid: 'terminal',
  contract_violation: 'client_error',
  bus_timeout: 'retryable',
  bus_no_responders: 'retryable',
  bus_unavailable: 'retryable',
  bus_bad_reply: 'terminal',
  dependency_unavailable: 'retryable',
  internal: 'terminal',
} as const satisfies ErrorCodeTable;

export const PLATFORM_ERROR_CODES = Object.keys(PLATFORM_ERROR_CLASSES) as readonly PlatformErrorCode[];

export type PlatformErrorCode = keyof typeof PLATFORM_ERROR_CLASSES;

/**
 * A code on the wire: the platform's own, or a domain code a service defines
 * (`session_not_found`). `string & {}` keeps editor completion for the known ones.
 */
export type ErrorCode = PlatformErrorCode | (string & {});

/**
 * THE transport codes: the bus could not reach or hear from a service, or the service could not
 * reach its own store. Nothing is known about the request; asking again may succeed. Callers that
 * map errors (the gateway's HTTP and x402 answers) import this rather than listing them again.
 */
export const TRANSPORT_ERROR_CODES = [
  'bus_timeout',
  'bus_no_responders',
  'bus_unavailable',
  'dependency_unavailable',
] as const satisfies readonly PlatformErrorCode[];

export type TransportErrorCode = (typeof TRANSPORT_ERROR_CODES)[number];

const TRANSPORT: ReadonlySet<string> = new Set(TRANSPORT_ERROR_CODES);

export function isTransportErrorCode(code: ErrorCode): code is TransportErrorCode {
  return TRANSPORT.has(code);
}

/**
 * Every code a quietpay service raises as a QuietpayError, with its class: the platform's and each
 * service's declared set (libs/contracts `*_ERROR_CODES`). A code two sets share has one class
 * (errors.spec.ts checks it).
 */
const RETRY_CLASSES: Readonly<Record<string, RetryClass>> = {
  ...CHAIN_POLLER_ERROR_CODES,
  ...CRANK_KEEPER_ERROR_CODES,
  ...DECRYPT_PROXY_ERROR_CODES,
  ...TX_BUILDER_ERROR_CODES,
  ...SUBMITTER_ERROR_CODES,
  ...LEDGER_ERROR_CODES,
  ...PLATFORM_ERROR_CLASSES,
};

/** The declared retry class of `code`, or undefined for a code no set declares (a newer peer's). */
export function retryClassOf(code: ErrorCode): RetryClass | undefined {
  return Object.hasOwn(RETRY_CLASSES, code) ? RETRY_CLASSES[code] : undefined;
}
