import { Inject, Injectable } from '@nestjs/common';
import type { ObservedPayment } from '@quietpay/contracts';
import { REDIS, SERVICE_CONFIG, type RedisClient } from '@quietpay/platform';
import type { ChainPollerConfig } from '../config.schema';
import { decodeStoredPayment } from './observed-payment';
import type { PaymentIndex, RecordOutcome } from './payment-index.port';

// One round trip, atomic across replicas. KEYS: pair record, by-id pointer, parts hash (signature →
// amount), pair total. ARGV: part JSON, signature, amount, mint, retention seconds.
// - first part: the pair record and by-id pointer are written (first write wins), the part counted;
// - a signature already in the parts hash (or the record's own): replayed, nothing counted again,
//   which is what makes re-applying a chunk after a crash harmless;
// - another mint than the record's: conflict, not counted;
// - otherwise: a further part, added to the total.
// The total is a decimal string added digit by digit: amounts are u64 and Lua numbers are doubles
// (exact only to 2^53), and HINCRBY would fail on signed 64-bit overflow and wedge the poller.
const RECORD = `
local function add(a, b)
  local out, carry, i, j = {}, 0, #a, #b
  while i > 0 or j > 0 or carry > 0 do
    local s = carry
    if i > 0 then s = s + tonumber(string.sub(a, i, i)) end
    if j > 0 then s = s + tonumber(string.sub(b, j, j)) end
    out[#out + 1] = tostring(s % 10)
    carry = math.floor(s / 10)
    i = i - 1
    j = j - 1
  end
  return string.reverse(table.concat(out))
end
-- Every key of the pair lives for the retention from its latest part (a pair's keys expire together).
local function retain()
  for i = 1, 4 do redis.call('EXPIRE', KEYS[i], ARGV[5]) end
end
local existing = redis.call('GET', KEYS[1])
if not existing then
  redis.call('SET', KEYS[1], ARGV[1])
  redis.call('SET', KEYS[2], ARGV[1], 'NX')
  redis.call('HSET', KEYS[3], ARGV[2], ARGV[3])
  redis.call('SET', KEYS[4], ARGV[3])
  retain()
  return {'new', existing or ''}
end
if redis.call('HEXISTS', KEYS[3], ARGV[2]) == 1 then return {'replayed', existing} end
if cjson.decode(existing)['mint'] ~= ARGV[4] then return {'conflict', existing} end
redis.call('HSET', KEYS[3], ARGV[2], ARGV[3])
redis.call('SET', KEYS[4], add(redis.call('GET', KEYS[4]) or '0', ARGV[3]))
retain()
return {'part', existing}`;

const MAX_CONFLICTS_KEPT = 1000;

/**
 * Redis keys under REDIS_KEY_PREFIX:
 * - `payment:{<paymentId>}:<recipient>`: the pair's first settlement (ObservedPayment JSON);
 * - `payment:{<paymentId>}`: the first settlement for the id, whoever received it;
 * - `payment:{<paymentId>}:<recipient>:parts`: hash signature → amount of every counted settlement;
 * - `payment:{<paymentId>}:<recipient>:total`: their sum (decimal), what `find` answers as `amount`;
 * - `conflicts`: a capped list of settlements for an indexed pair in another mint.
 *
 * A pair's keys (and the by-id pointer) expire PAYMENT_INDEX_RETENTION_SECONDS after its latest
 * part: the index answers lookups (a settle's claim), and without a TTL it grew by every private
 * payment for good (+22k keys/h in bench/soak). A payment not claimed within the retention is then
 * `payment_pending` to the gateway; the claims themselves (gateway) are kept without expiry, so an
 * expired entry can never make a claimed payment claimable again.
 *
 * Split transfers (`split` > 1) settle as several transactions with the same client_ref_id and
 * recipient; every distinct settlement signature in the pair's mint is summed. The chain does not
 * say which enqueue a settlement came from, so a REUSED id (a second transfer with the same
 * clientRefId to the same recipient) is summed too. That is money the recipient really received
 * under that id, and the facilitator's claim is single use per (id, recipient), so summing never
 * lets one payment be served twice; the risk is the other way: parts settling after a claim buy
 * nothing (as any reused id never did).
 */
@Injectable()
export class PaymentIndexRepository implements PaymentIndex {
  constructor(
    @Inject(REDIS) private readonly redis: RedisClient,
    @Inject(SERVICE_CONFIG) private readonly config: ChainPollerConfig,
  ) {}

  async record(payment: ObservedPayment): Promise<RecordOutcome> {
    const pair = this.pairKey(payment.paymentId, payment.recipient);
    const answer = (await this.redis.eval(
      RECORD,
      4,
      pair,
      this.idKey(payment.paymentId),
      `${pair}:parts`,
      `${pair}:total`,
      JSON.stringify(payment),
      payment.signature,
      payment.amount,
      payment.mint,
      String(this.config.PAYMENT_INDEX_RETENTION_SECONDS),
    )) as [RecordOutcome, string];
    const [outcome, existing] = answer;
    if (outcome !== 'conflict') return outcome;
    const conflicts = `${this.config.REDIS_KEY_PREFIX}:conflicts`;
    await this.redis
      .multi()
      .lpush(conflicts, JSON.stringify({ kept: decodeStoredPayment(existing).signature, rejected: payment }))
      .ltrim(conflicts, 0, MAX_CONFLICTS_KEPT - 1)
      .exec();
    return 'conflict';
  }

  async find(paymentId: string, recipient: string | undefined): Promise<ObservedPayment | undefined> {
    const json = await this.redis.get(recipient === undefined ? this.idKey(paymentId) : this.pairKey(paymentId, recipient));
    if (json === null) return undefined;
    const first = decodeStoredPayment(json);
    // Absent only for pairs indexed before parts were summed: their first settlement is the whole.
    const total = await this.redis.get(`${this.pairKey(paymentId, first.recipient)}:total`);
    return total === null ? first : { ...first, amount: total };
  }

  // `{paymentId}` is the hash tag: the record script writes the pair's keys and the id's pointer
  // together, so under Redis Cluster they must share a slot.
  private pairKey(paymentId: string, recipient: string): string {
    return `${this.config.REDIS_KEY_PREFIX}:payment:{${paymentId}}:${recipient}`;
  }

  private idKey(paymentId: string): string {
    return `${this.config.REDIS_KEY_PREFIX}:payment:{${paymentId}}`;
  }
}
