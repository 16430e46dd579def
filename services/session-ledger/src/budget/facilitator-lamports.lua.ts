// Drops a settled charge's lamport hold (KEYS[2]) from its session (KEYS[1]): its cost is counted.
const DROP_HOLD = `
local function dropHold(session, charge)
  local hold = tonumber(redis.call('HGET', charge, 'lamportHold')) or 0
  if hold > 0 then
    redis.call('HINCRBY', session, 'lamportsHeld', -hold)
    redis.call('HSET', charge, 'lamportHold', '0')
  end
end
`;

/**
 * Adds one confirmed transaction's cost to its session's facilitator lamports, once per
 * signature (a batch commits each member with the same signature; a retried commit repeats),
 * and drops the lamport hold of the charge it paid (KEYS[3], optional) in the same step, so the
 * estimate is replaced by the real cost without a moment where neither counts. A member of a batch
 * whose signature was counted by an earlier member still drops its own hold.
 * The "counted" marker lives as long as the session's other keys.
 *
 * KEYS: 1 session hash, 2 the signature's "counted" marker, 3 (optional) the settled charge
 * ARGV: 1 lamports, 2 retention after the session's expiry (s)
 * Returns {total after, budget, 1 if this call reached the budget else 0}, or {-1, 0, 0} when the
 * signature was already counted or the session is gone.
 */
export const ADD_FACILITATOR_LAMPORTS_SCRIPT = `${DROP_HOLD}
local expiresAt = tonumber(redis.call('HGET', KEYS[1], 'expirationUnix'))
if not expiresAt then return {-1, 0, 0} end
local fresh = redis.call('SET', KEYS[2], '1', 'NX', 'EXAT', expiresAt + tonumber(ARGV[2]))
if KEYS[3] then dropHold(KEYS[1], KEYS[3]) end
if not fresh then return {-1, 0, 0} end
local budget = tonumber(redis.call('HGET', KEYS[1], 'lamportBudget')) or 0
local before = tonumber(redis.call('HGET', KEYS[1], 'lamportsSpent')) or 0
local after = redis.call('HINCRBY', KEYS[1], 'lamportsSpent', tonumber(ARGV[1]))
local reached = 0
if budget > 0 and before < budget and after >= budget then reached = 1 end
return {after, budget, reached}
`;

/**
 * Drops a settled charge's hold once its signature's cost was counted (by another member of its
 * batch, or an earlier attempt). KEYS: 1 session hash, 2 the signature's marker, 3 the charge.
 * Returns 1 when the marker exists (the hold is gone), 0 when the cost is not counted yet (kept).
 */
export const DROP_LAMPORT_HOLD_SCRIPT = `${DROP_HOLD}
if redis.call('EXISTS', KEYS[2]) == 0 then return 0 end
dropHold(KEYS[1], KEYS[3])
return 1
`;
