/**
 * One atomic step for "may this call be charged" and, in reserve mode, the charge itself.
 * Redis runs a script without interleaving, so the checks and the write hold across any number
 * of gateway and ledger replicas. Amounts are compared with Lua numbers (doubles), exact below
 * 2^53; the ledger refuses caps above that when a session opens.
 *
 * KEYS: 1 session hash, 2 nonce key, 3 charge key, 4 settlement index (charge id -> idempotency key):
 *       all in the session's cluster slot (ledger.keys.ts). The open-charge index is outside it and
 *       written around the script (OPEN_CHARGE_INDEX_SCRIPT).
 * ARGV: 1 mode ('verify' | 'reserve'), 2 amount, 3 minimum settlement amount, 4 payTo, 5 asset,
 *       6 network, 7 charge id, 8 retention (s), 9 nonce, 10 unused (was created-at; now Redis TIME), 11 idempotency key,
 *       12 payload fingerprint (payment-fingerprint.ts), 13 serve token, 14 claim the serve ('1' | ''),
 *       15 lamports held per charge
 * Returns {status, a, b}: {'ok', remaining|spent, chargeId}, {'dup', state, chargeId} or {'err', reason}.
 *
 * Idempotency is bound to what was signed: a key that already names a charge answers that charge
 * only for the same payload (fingerprint and amount); another payload under the same key is
 * `idempotency_conflict` in both modes, so a client cannot buy a second call with a used key.
 * Charges stored before fingerprints existed fall back to amount and nonce (both signed).
 *
 * One charge buys one serve. `served` records the serve token that claimed it (ServeCharge, which
 * the gateway asks only when it answers success, in both modes; here only for a caller that asks
 * with ARGV 14, which the gateway no longer does: a claim made before the hand-off to the
 * submitter refused the same header's retry after that hand-off failed). So a payload that
 * is charged but not yet served (its /settle answered settlement_pending) verifies again and is
 * served by the retry, without a new nonce; once served, the same payload is `nonce_replayed`
 * under any other token, so a replayed header is never served twice.
 *
 * A session whose confirmed transactions have cost the facilitator its lamport budget (fees and
 * rents, counted by budget/facilitator-lamports.lua.ts) takes no further charge:
 * `facilitator_budget_exhausted`. Sessions without a budget field (opened before it existed) have none.
 * In-flight charges count too: each reservation holds an estimate of its settlement's cost
 * (`lamportsHeld`, ARGV 15) until the confirmed cost replaces it or the charge is released, and a
 * charge whose estimate would take spent + held past the budget is refused. So concurrent charges
 * cannot overshoot the budget by the settlements still in flight.
 *
 * Time is Redis's own (`TIME`), so replicas with skewed clocks agree on expiry. Every key a charge
 * writes (and the session itself) expires at the session's expiry plus the retention: Redis runs
 * `noeviction`, so nothing may live forever.
 */
export const CHARGE_SCRIPT = `
local mode = ARGV[1]
local amount = tonumber(ARGV[2])
local prior = redis.call('HMGET', KEYS[3], 'state', 'amount', 'fingerprint', 'nonce', 'chargeId', 'served')
if prior[1] then
  local same = prior[2] == ARGV[2] and (prior[3] == ARGV[12] or (not prior[3] and prior[4] == ARGV[9]))
  if not same then return {'err', 'idempotency_conflict'} end
  local served = prior[6] or ''
  local servable = prior[1] ~= 'released' and (served == '' or served == ARGV[13])
  if mode == 'verify' then
    if not servable then return {'err', 'nonce_replayed'} end
    return {'ok', tostring(tonumber(redis.call('HGET', KEYS[1], 'cap')) - tonumber(redis.call('HGET', KEYS[1], 'spent'))), prior[5]}
  end
  if ARGV[14] == '1' and prior[1] ~= 'released' then
    if not servable then return {'err', 'nonce_replayed'} end
    redis.call('HSET', KEYS[3], 'served', ARGV[13])
  end
  return {'dup', prior[1], prior[5]}
end
local s = redis.call('HMGET', KEYS[1], 'status', 'expirationUnix', 'cap', 'spent', 'perCallLimit', 'recipient', 'asset', 'network', 'lamportBudget', 'lamportsSpent')
if not s[1] then return {'err', 'session_not_found'} end
if s[1] ~= 'active' then return {'err', 'session_' .. s[1]} end
local expiresAt = tonumber(s[2])
if tonumber(redis.call('TIME')[1]) >= expiresAt then return {'err', 'session_expired'} end
if ARGV[4] ~= s[6] then return {'err', 'recipient_mismatch'} end
if ARGV[5] ~= s[7] then return {'err', 'asset_mismatch'} end
if ARGV[6] ~= s[8] then return {'err', 'invalid_network'} end
if amount == nil or amount <= 0 then return {'err', 'invalid_amount'} end
if amount < tonumber(ARGV[3]) then return {'err', 'amount_below_minimum'} end
local lamportBudget = tonumber(s[9]) or 0
local hold = tonumber(ARGV[15]) or 0
if lamportBudget > 0 then
  local committed = (tonumber(s[10]) or 0) + (tonumber(redis.call('HGET', KEYS[1], 'lamportsHeld')) or 0)
  if committed >= lamportBudget or committed + hold > lamportBudget then return {'err', 'facilitator_budget_exhausted'} end
else
  hold = 0
end
local limit = tonumber(s[5])
if limit > 0 and amount > limit then return {'err', 'per_call_limit_exceeded'} end
if redis.call('EXISTS', KEYS[2]) == 1 then return {'err', 'nonce_replayed'} end
local cap = tonumber(s[3])
local spent = tonumber(s[4])
if spent + amount > cap then return {'err', 'cap_exceeded'} end
if mode == 'verify' then return {'ok', tostring(cap - spent), ''} end
local keepUntil = expiresAt + tonumber(ARGV[8])
redis.call('SET', KEYS[2], ARGV[7], 'EXAT', keepUntil)
local newSpent = redis.call('HINCRBY', KEYS[1], 'spent', amount)
if hold > 0 then redis.call('HINCRBY', KEYS[1], 'lamportsHeld', hold) end
local t = redis.call('TIME')
local nowMs = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local served = ''
if ARGV[14] == '1' then served = ARGV[13] end
redis.call('HSET', KEYS[3], 'chargeId', ARGV[7], 'amount', ARGV[2], 'nonce', ARGV[9], 'state', 'reserved',
  'signature', '', 'reason', '', 'createdAtMs', string.format('%.0f', nowMs), 'idempotencyKey', ARGV[11], 'fingerprint', ARGV[12], 'served', served,
  'lamportHold', tostring(hold))
redis.call('HSET', KEYS[4], ARGV[7], ARGV[11])
for i = 1, 4 do if i ~= 2 then redis.call('EXPIREAT', KEYS[i], keepUntil) end end
return {'ok', tostring(newSpent), ARGV[7]}
`;

/**
 * Settles or releases a reserved charge. Only `reserved` moves; a release gives the amount back
 * to the session, and its lamport hold (nothing was sent, nothing will cost). A settled charge keeps
 * its hold until its transaction's confirmed cost is counted (DROP_LAMPORT_HOLD / the add script).
 * Idempotent: repeating a finished transition is a no-op that reports the state.
 *
 * A release may also suspend the session (the charge was already served, batched mode: a payer
 * whose flush failed is not served more on credit), and may be limited to a charge no transfer
 * has claimed (the reconciler's release of a reservation the submitter never saw).
 *
 * KEYS: 1 session hash, 2 charge key (one slot; the caller drops the charge id from the open-charge
 *       index once the charge is finished)
 * ARGV: 1 target ('settled' | 'released'), 2 signature, 3 reason, 4 unused,
 *       5 suspend the session ('1' | ''), 6 only if unclaimed ('1' | '')
 * Returns {state-after, changed (1|0), charge id}, {'missing', 0} or {'in_transfer', 0}.
 */
export const FINISH_CHARGE_SCRIPT = `
local c = redis.call('HMGET', KEYS[2], 'state', 'authorizedBy', 'chargeId')
local state = c[1]
if not state then return {'missing', 0} end
if state ~= 'reserved' then return {state, 0, c[3]} end
if ARGV[1] == 'released' then
  if ARGV[6] == '1' and c[2] and c[2] ~= '' then return {'in_transfer', 0} end
  redis.call('HINCRBY', KEYS[1], 'spent', -tonumber(redis.call('HGET', KEYS[2], 'amount')))
  local hold = tonumber(redis.call('HGET', KEYS[2], 'lamportHold')) or 0
  if hold > 0 then
    redis.call('HINCRBY', KEYS[1], 'lamportsHeld', -hold)
    redis.call('HSET', KEYS[2], 'lamportHold', '0')
  end
  if ARGV[5] == '1' and redis.call('HGET', KEYS[1], 'status') == 'active' then
    redis.call('HSET', KEYS[1], 'status', 'suspended', 'suspendedReason', ARGV[3])
  end
end
redis.call('HSET', KEYS[2], 'state', ARGV[1], 'signature', ARGV[2], 'reason', ARGV[3])
return {ARGV[1], 1, c[3]}
`;

/**
 * Adds a charge id to the open-charge index (the reconciler's list of reservations), scored by
 * Redis time (ms), before the charge script may reserve it. The index is one key for the whole
 * ledger, so under Redis Cluster it cannot share a slot with any session: it is kept a superset
 * of the reserved charges instead (added before the reservation, dropped after the charge
 * finished), and its reader skips ids whose charge is missing or no longer reserved. NX keeps the
 * first score of an id.
 *
 * KEYS: 1 open-charge index. ARGV: 1 charge id.
 */
export const OPEN_CHARGE_INDEX_SCRIPT = `
local t = redis.call('TIME')
redis.call('ZADD', KEYS[1], 'NX', tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000), ARGV[1])
return 1
`;

/**
 * Claims a charge's one serve for a serve token (see CHARGE_SCRIPT): the same token is answered
 * again, another one is refused. A released charge paid nothing and serves nothing.
 *
 * KEYS: 1 charge key. ARGV: 1 serve token. Returns {'ok', state} or {'err', reason}.
 */
export const SERVE_CHARGE_SCRIPT = `
local c = redis.call('HMGET', KEYS[1], 'state', 'served')
if not c[1] then return {'err', 'charge_not_found'} end
if c[1] == 'released' then return {'err', 'charge_released'} end
if c[2] and c[2] ~= '' and c[2] ~= ARGV[1] then return {'err', 'nonce_replayed'} end
redis.call('HSET', KEYS[1], 'served', ARGV[1])
return {'ok', c[1]}
`;
