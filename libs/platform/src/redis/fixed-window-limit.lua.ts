/**
 * Counts one request against several fixed windows in one atomic step, so a limit holds across
 * replicas and a request is judged against all its buckets at once (the gateway's per-caller
 * limits, session-ledger's per-session limit).
 *
 * KEYS: one counter per bucket. ARGV: 1 window (ms), then one limit per key.
 * Returns {index, retryAfterMs}: index 0 when every bucket allows, else the 1-based index of the
 * first bucket over its limit and that window's remaining time.
 * Refused requests count too (a client hammering past its limit keeps its window full). A counter
 * left without expiry (e.g. written by hand) gets one again, so it cannot block its client forever.
 */
export const FIXED_WINDOW_LIMIT_SCRIPT = `
local window = tonumber(ARGV[1])
local over, retry = 0, 0
for i, key in ipairs(KEYS) do
  local count = redis.call('INCR', key)
  local ttl = redis.call('PTTL', key)
  if count == 1 or ttl < 0 then
    redis.call('PEXPIRE', key, window)
    ttl = window
  end
  if over == 0 and count > tonumber(ARGV[i + 1]) then
    over, retry = i, ttl
  end
end
return {over, retry}
`;
