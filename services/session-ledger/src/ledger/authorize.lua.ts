/**
 * Claims one reserved charge for its own transfer. A charge is settled by exactly one kind of
 * transfer: its own (`authorizedBy` = 'self') or one batch's (`authorizedBy` = batch id), so the
 * ledger never authorizes the same charge into two transfers.
 *
 * KEYS: 1 charge key. Returns {'ok', amount} or {'err', reason}.
 */
export const AUTHORIZE_CHARGE_SCRIPT = `
local c = redis.call('HMGET', KEYS[1], 'state', 'amount', 'authorizedBy')
if not c[1] then return {'err', 'charge_not_found'} end
if c[1] ~= 'reserved' then return {'err', 'charge_not_reserved'} end
if c[3] and c[3] ~= '' and c[3] ~= 'self' then return {'err', 'charge_in_batch'} end
redis.call('HSET', KEYS[1], 'authorizedBy', 'self')
return {'ok', c[2]}
`;

/**
 * Claims a batch of one session's reserved charges. The first authorization of a batch id fixes
 * its members (all must be reserved and claimed by no transfer yet); a later one (a rebuild, a
 * resumed flush) must name the same members, all still reserved. Checks everything before
 * writing anything, so a refused batch claims nothing.
 *
 * KEYS: 1 settlement index (settlement id -> idempotency key), 2 batch key, 3.. each member's charge
 *       key as the caller read it from the index (every key a script touches is declared, for
 *       Redis Cluster; the script checks each against the index).
 * ARGV: 1 batch id, 2 charge key prefix (`<session base>:c:`), 3.. member settlement ids.
 * The member list expires with the session's keys (the settlement index's expiry: session expiry
 * plus the retention), like every other key of the session.
 * Returns {'ok', sum} or {'err', reason, settlement id}.
 */
export const AUTHORIZE_BATCH_SCRIPT = `
local members = {}
for i = 3, #ARGV do members[#members + 1] = ARGV[i] end
if #members == 0 then return {'err', 'batch_empty', ''} end
local prior = redis.call('GET', KEYS[2])
if prior and prior ~= table.concat(members, ',') then return {'err', 'batch_conflict', ''} end
local sum = 0
local seen = {}
for i, id in ipairs(members) do
  if seen[id] then return {'err', 'batch_conflict', id} end
  seen[id] = true
  local key = redis.call('HGET', KEYS[1], id)
  if not key or KEYS[i + 2] ~= ARGV[2] .. key then return {'err', 'charge_not_found', id} end
  local c = redis.call('HMGET', KEYS[i + 2], 'state', 'amount', 'authorizedBy')
  if c[1] ~= 'reserved' then return {'err', 'charge_not_reserved', id} end
  if c[3] and c[3] ~= '' and c[3] ~= ARGV[1] then return {'err', 'charge_in_batch', id} end
  sum = sum + tonumber(c[2])
end
for i = 1, #members do
  redis.call('HSET', KEYS[i + 2], 'authorizedBy', ARGV[1])
end
redis.call('SET', KEYS[2], table.concat(members, ','))
local keepUntilMs = redis.call('PEXPIRETIME', KEYS[1])
if keepUntilMs > 0 then redis.call('PEXPIREAT', KEYS[2], keepUntilMs) end
return {'ok', string.format('%.0f', sum), ''}
`;
