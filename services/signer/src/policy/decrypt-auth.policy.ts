import { type PolicyVerdict, refuse, verdictOf } from './policy-verdict';

const U128_MAX = (1n << 128n) - 1n;

/**
 * The facilitator signs a decrypt request's message only when it is a handle: the decimal string
 * of a non-zero u128 (at most 39 digits, no sign, no leading zero). Anything else could be a
 * transaction message or an off-chain authorisation dressed up as a handle.
 */
export function decryptAuthPolicy(handle: string): PolicyVerdict {
  return verdictOf(() => {
    if (!/^[1-9][0-9]{0,38}$/.test(handle)) refuse('not_a_handle', 'expected 1-39 decimal digits without a leading zero');
    if (BigInt(handle) > U128_MAX) refuse('not_a_handle', 'exceeds u128');
  });
}
