import { Inject, Injectable } from '@nestjs/common';
import type { ObservedPayment } from '@quietpay/contracts';
import { REDIS, SERVICE_CONFIG } from '@quietpay/platform';
import type { Redis } from 'ioredis';
import type { ChainPollerConfig } from '../config.schema';
import { decodeStoredPayment } from './observed-payment';
import type { PaymentIndex, RecordOutcome } from './payment-index.port';

// One round trip, atomic: the (id, recipient) record is written only if absent (first write
// wins), the by-id pointer likewise; the existing record comes back so the caller can tell a
// replay of the same transaction from a conflicting one.
const RECORD = `
local existing = redis.call('GET', KEYS[1])
if existing then return existing end
redis.call('SET', KEYS[1], ARGV[1])
redis.call('SET', KEYS[2], ARGV[1], 'NX')
return false`;

const MAX_CONFLICTS_KEPT = 1000;

/**
 * Redis keys under REDIS_KEY_PREFIX:
 * - `payment:<paymentId>:<recipient>`: the first ObservedPayment for that pair (JSON);
 * - `payment:<paymentId>`: the first ObservedPayment for the id, whoever received it;
 * - `conflicts`: a capped list of later transactions that reused an indexed pair.
 */
@Injectable()
export class PaymentIndexRepository implements PaymentIndex {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(SERVICE_CONFIG) private readonly config: ChainPollerConfig,
  ) {}

  async record(payment: ObservedPayment): Promise<RecordOutcome> {
    const json = JSON.stringify(payment);
    const existing = await this.redis.eval(RECORD, 2, this.pairKey(payment.paymentId, payment.recipient), this.idKey(payment.paymentId), json);
    if (typeof existing !== 'string') return 'new';
    const kept = decodeStoredPayment(existing);
    if (kept.signature === payment.signature) return 'replayed';
    const conflicts = `${this.config.REDIS_KEY_PREFIX}:conflicts`;
    await this.redis.multi().lpush(conflicts, JSON.stringify({ kept: kept.signature, rejected: payment })).ltrim(conflicts, 0, MAX_CONFLICTS_KEPT - 1).exec();
    return 'conflict';
  }

  async find(paymentId: string, recipient: string | undefined): Promise<ObservedPayment | undefined> {
    const json = await this.redis.get(recipient === undefined ? this.idKey(paymentId) : this.pairKey(paymentId, recipient));
    return json === null ? undefined : decodeStoredPayment(json);
  }

  private pairKey(paymentId: string, recipient: string): string {
    return `${this.config.REDIS_KEY_PREFIX}:payment:${paymentId}:${recipient}`;
  }

  private idKey(paymentId: string): string {
    return `${this.config.REDIS_KEY_PREFIX}:payment:${paymentId}`;
  }
}
