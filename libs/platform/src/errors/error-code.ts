/**
 * Error codes the platform itself raises, lower snake case as in
 * proto/quietpay/common/v1/error.proto. Frozen once published (callers switch on them).
 */
export const PLATFORM_ERROR_CODES = [
  'config_invalid',
  'contract_violation',
  'bus_timeout',
  'bus_no_responders',
  'bus_unavailable',
  'bus_bad_reply',
  'dependency_unavailable',
  'internal',
] as const;

export type PlatformErrorCode = (typeof PLATFORM_ERROR_CODES)[number];

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

/** Transport and availability failures may succeed on retry; everything else by default not. */
export function isRetryableByDefault(code: ErrorCode): boolean {
  return isTransportErrorCode(code);
}
