/**
 * One batch, one transaction at a time. A batch's attempt record holds the latest authorization
 * (by its signature, the `token`) and, once bound, the one transaction signed under it. Only a
 * bound transaction is ever sent, so two submitter replicas working the same batch (one of them
 * stalled past its job lock) can never have two transfers of the same charges in flight.
 *
 * Record (hash): state 'authorized' | 'bound', token, signature, signedTx, lastValidBlockHeight.
 */

/**
 * Opens a new attempt (after the caller signed its authorization) unless a bound transaction is
 * still live: the caller must name the bound signature as expired (seen on chain: blockhash
 * expired or failed, without landing) to replace it. An unbound attempt is replaced at once: its
 * holder has sent nothing (it must bind first) and its bind will now be refused.
 *
 * KEYS: 1 attempt record, 2 session key (the record lives as long as the session's keys).
 * ARGV: 1 token, 2 expired signature ('' when none).
 * Returns {'ok'} or {'bound', signature, signedTx, lastValidBlockHeight}.
 */
export const OPEN_BATCH_ATTEMPT_SCRIPT = `
local a = redis.call('HMGET', KEYS[1], 'state', 'signature', 'signedTx', 'lastValidBlockHeight')
if a[1] == 'bound' and (ARGV[2] == '' or ARGV[2] ~= a[2]) then return {'bound', a[2], a[3], a[4]} end
redis.call('HSET', KEYS[1], 'state', 'authorized', 'token', ARGV[1], 'signature', '', 'signedTx', '', 'lastValidBlockHeight', '')
local ttl = redis.call('PTTL', KEYS[2])
if ttl > 0 then redis.call('PEXPIRE', KEYS[1], ttl) end
return {'ok'}
`;

/**
 * Binds the current attempt to its transaction. A bound record answers its own transaction
 * (the same one again: idempotent; another: send that one instead); an attempt replaced since
 * its authorization is refused.
 *
 * KEYS: 1 attempt record. ARGV: 1 token, 2 signature, 3 signed tx (base64), 4 last valid block height.
 * Returns {'bound', signature, signedTx, lastValidBlockHeight} or {'superseded'}.
 */
export const BIND_BATCH_TRANSACTION_SCRIPT = `
local a = redis.call('HMGET', KEYS[1], 'state', 'token', 'signature', 'signedTx', 'lastValidBlockHeight')
if a[1] == 'bound' then return {'bound', a[3], a[4], a[5]} end
if a[1] ~= 'authorized' or a[2] ~= ARGV[1] then return {'superseded'} end
redis.call('HSET', KEYS[1], 'state', 'bound', 'signature', ARGV[2], 'signedTx', ARGV[3], 'lastValidBlockHeight', ARGV[4])
return {'bound', ARGV[2], ARGV[3], ARGV[4]}
`;
