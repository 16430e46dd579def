import { Injectable } from '@nestjs/common';
import { PaymentLookupState } from '@quietpay/contracts';
import { ChainPollerClient } from '../ports/chain-poller.client';

export type PrivatePaymentAnswer =
  | { readonly status: 'pending'; readonly paymentId: string }
  | {
      readonly status: 'found';
      readonly paymentId: string;
      readonly amount: string;
      readonly recipient: string;
      readonly mint: string;
      readonly signature: string;
      readonly slot: number;
    };

/**
 * Matches on (paymentId, recipient): ids are chosen by resource servers, so a settlement with this
 * id to someone else is "pending" for this caller, never a leak of another recipient's payment.
 */
@Injectable()
export class LookupPrivatePaymentUseCase {
  constructor(private readonly poller: ChainPollerClient) {}

  async execute(paymentId: string, recipient: string): Promise<PrivatePaymentAnswer> {
    const lookup = await this.poller.lookup(paymentId, recipient);
    const p = lookup.payment;
    if (lookup.state !== PaymentLookupState.FOUND || p === undefined || p.recipient !== recipient || p.paymentId !== paymentId) {
      return { status: 'pending', paymentId };
    }
    // Slots stay far below 2^53 for the life of any chain, so a JSON number is exact.
    return { status: 'found', paymentId, amount: p.amount, recipient: p.recipient, mint: p.mint, signature: p.signature, slot: Number(p.slot) };
  }
}
