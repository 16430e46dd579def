import { Inject, Injectable } from '@nestjs/common';
import { PaymentLookup, PaymentLookupState } from '@quietpay/contracts';
import { isBase58Address, isPaymentId } from '@quietpay/x402';
import { chainPollerError } from '../chain-poller.errors';
import { PaymentIndexRepository } from '../payments/payment-index.repository';
import type { PaymentIndex } from '../payments/payment-index.port';
import { PollerState } from '../polling/poller-state';
import { WatermarkRepository } from '../watermark/watermark.repository';
import type { WatermarkStore } from '../watermark/watermark.port';

/**
 * Answers from the shared Redis index, so any replica answers the same. PENDING carries the
 * lowest watermark slot over the watched queues: "not settled at or before this slot".
 */
@Injectable()
export class LookupPaymentUseCase {
  constructor(
    @Inject(PaymentIndexRepository) private readonly index: PaymentIndex,
    @Inject(WatermarkRepository) private readonly watermarks: WatermarkStore,
    private readonly state: PollerState,
  ) {}

  async execute(paymentId: string, recipient: string | undefined): Promise<PaymentLookup> {
    // The rule every other surface applies: an id above u63 is never issued, so it is refused, not looked up.
    if (!isPaymentId(paymentId)) {
      throw chainPollerError('invalid_payment_id', 'payment id must be a decimal u63 other than 0', { context: { paymentId } });
    }
    if (recipient !== undefined && !isBase58Address(recipient)) {
      throw chainPollerError('invalid_recipient', 'recipient must be a base58 public key', { context: { recipient } });
    }
    const payment = await this.index.find(paymentId, recipient);
    if (payment) return { state: PaymentLookupState.FOUND, payment, watermarkSlot: payment.slot };
    return { state: PaymentLookupState.PENDING, watermarkSlot: String(await this.lowestWatermarkSlot()) };
  }

  private async lowestWatermarkSlot(): Promise<number> {
    const slots = await Promise.all(this.state.watched.map(async (address) => (await this.watermarks.get(address))?.slot ?? 0));
    return slots.length === 0 ? 0 : Math.min(...slots);
  }
}
