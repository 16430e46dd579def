import { z } from 'zod';
import { ApiKeys } from '../http/api-keys';

const flag = z
  .enum(['true', 'false'])
  .default('false')
  .transform((v) => v === 'true');

/**
 * Who may call /verify and /settle. Spread into config.schema.ts.
 *
 * Outside the `localnet` profile a key is required: an unset GATEWAY_API_KEYS then refuses every
 * call (401) rather than opening the facilitator's SOL to anyone, unless the operator opts out with
 * GATEWAY_ALLOW_ANONYMOUS=true (named at warn in the startup log).
 */
export const facilitatorAccessConfigShape = {
  // Comma-separated bearer keys for resource servers.
  GATEWAY_API_KEYS: z
    .string()
    .optional()
    .transform((v) => ApiKeys.parse(v)),
  GATEWAY_ALLOW_ANONYMOUS: flag,
};

interface AccessVariables {
  readonly QUIETPAY_PROFILE: string;
  readonly GATEWAY_API_KEYS: ApiKeys;
  readonly GATEWAY_ALLOW_ANONYMOUS: boolean;
}

/** How /verify and /settle are guarded, decided once from config. */
export type FacilitatorAccess = { readonly mode: 'keys' } | { readonly mode: 'closed' } | { readonly mode: 'open'; readonly why: 'localnet' | 'opt-out' };

export function facilitatorAccessOf(config: AccessVariables): FacilitatorAccess {
  if (config.GATEWAY_API_KEYS.required) return { mode: 'keys' };
  if (config.GATEWAY_ALLOW_ANONYMOUS) return { mode: 'open', why: 'opt-out' };
  return config.QUIETPAY_PROFILE === 'localnet' ? { mode: 'open', why: 'localnet' } : { mode: 'closed' };
}
