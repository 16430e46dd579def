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

/** Transport and availability failures may succeed on retry; everything else by default not. */
export function isRetryableByDefault(code: ErrorCode): boolean {
  return code === 'bus_timeout' || code === 'bus_no_responders' || code === 'bus_unavailable' || code === 'dependency_unavailable';
}
