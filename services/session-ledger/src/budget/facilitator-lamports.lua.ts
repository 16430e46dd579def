/**
 * Adds one confirmed transaction's cost to its session's facilitator lamports, once per
 * signature (a batch commits each member with the same signature; a retried commit repeats).
 * The "counted" marker lives as long as the session's other keys.
 *
 * KEYS: 1 session hash, 2 the signature's "counted" marker
 * ARGV: 1 lamports, 2 retention after the session's expiry (s)
 * Returns {total after, budget, 1 if this call reached the budget else 0}, or {-1, 0, 0} when the
 * signature was already counted or the session is gone.
 */
export const ADD_FACILITATOR_LAMPORTS_SCRIPT = `
local expiresAt = tonumber(redis.call('HGET', KEYS[1], 'expirationUnix'))
if not expiresAt then return {-1, 0, 0} end
if not redis.call('SET', KEYS[2], '1', 'NX', 'EXAT', expiresAt + tonumber(ARGV[2])) then return {-1, 0, 0} end
local budget = tonumber(redis.call('HGET', KEYS[1], 'lamportBudget')) or 0
local before = tonumber(redis.call('HGET', KEYS[1], 'lamportsSpent')) or 0
local after = redis.call('HINCRBY', KEYS[1], 'lamportsSpent', tonumber(ARGV[1]))
local reached = 0
if budget > 0 and before < budget and after >= budget then reached = 1 end
return {after, budget, reached}
`;
