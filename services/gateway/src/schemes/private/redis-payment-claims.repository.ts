import { Inject, Injectable } from '@nestjs/common';
import { REDIS, SERVICE_CONFIG, type RedisClient } from '@quietpay/platform';
import type { GatewayConfig } from '../../config.schema';
import type { PaymentClaims } from './payment-claim.port';

/**
 * Claims as `<PRIVATE_CLAIM_KEY_PREFIX>:private:claim:<paymentId>:<recipient>` = the settlement
 * signature, written with SET NX so concurrent settles on any replicas have exactly one winner.
 * Claims never expire: the payment stays on chain (and in chain-poller's index) forever, so an
 * expiring claim would make it spendable again. One claim is ~150 bytes per paid request.
 */
@Injectable()
export class RedisPaymentClaims implements PaymentClaims {
  constructor(
    @Inject(REDIS) private readonly redis: RedisClient,
    @Inject(SERVICE_CONFIG) private readonly config: GatewayConfig,
  ) {}

  async claim(paymentId: string, recipient: string, settlementSignature: string): Promise<boolean> {
    return (await this.redis.set(this.key(paymentId, recipient), settlementSignature, 'NX')) === 'OK';
  }

  async isClaimed(paymentId: string, recipient: string): Promise<boolean> {
    return (await this.redis.exists(this.key(paymentId, recipient))) === 1;
  }

  private key(paymentId: string, recipient: string): string {
    return `${this.config.PRIVATE_CLAIM_KEY_PREFIX}:private:claim:${paymentId}:${recipient}`;
  }
}
