import { PrivatePaymentObservedV1, SettlementFailedV1, SettlementSettledV1 } from '@quietpay/contracts';
import { JSONCodec, type JsMsg } from 'nats';

/** The streams the admin feed reads, in a fixed order (the SSE id lists a position per stream). */
export const FEED_STREAMS = [SettlementSettledV1.stream, PrivatePaymentObservedV1.stream] as const;
export type FeedStream = (typeof FEED_STREAMS)[number];

export interface SettlementEventView {
  readonly kind: 'settlement.settled' | 'settlement.failed';
  readonly settlementId: string;
  readonly sessionId: string;
  readonly amount: string;
  readonly signature?: string;
  readonly reason?: string;
  readonly at: string;
  readonly seq: number;
}

export interface PrivatePaymentEventView {
  readonly kind: 'private.payment.observed';
  readonly paymentId: string;
  readonly amount: string;
  readonly recipient: string;
  readonly mint: string;
  readonly signature: string;
  readonly slot: number;
  readonly at: string;
  readonly seq: number;
}

export type AdminEvent = SettlementEventView | PrivatePaymentEventView;

const json = JSONCodec<unknown>();

/**
 * A JetStream message of the feed's streams as the admin API shows it, or undefined for a subject
 * it does not show (settlement.requested). Decoding checks the contract; a message that violates
 * it throws (ContractViolation).
 */
export function toAdminEvent(msg: JsMsg): AdminEvent | undefined {
  const at = new Date(Math.floor(msg.info.timestampNanos / 1e6)).toISOString();
  const seq = msg.seq;
  switch (msg.subject) {
    case SettlementSettledV1.subject: {
      const e = SettlementSettledV1.payload.decode(json.decode(msg.data));
      return { kind: 'settlement.settled', settlementId: e.settlementId, sessionId: e.sessionId, amount: e.amount, signature: e.signature, at, seq };
    }
    case SettlementFailedV1.subject: {
      const e = SettlementFailedV1.payload.decode(json.decode(msg.data));
      return {
        kind: 'settlement.failed',
        settlementId: e.settlementId,
        sessionId: e.sessionId,
        amount: e.amount,
        reason: e.reason,
        ...(e.signature ? { signature: e.signature } : {}),
        at,
        seq,
      };
    }
    case PrivatePaymentObservedV1.subject: {
      const p = PrivatePaymentObservedV1.payload.decode(json.decode(msg.data)).payment;
      if (p === undefined) return undefined;
      return {
        kind: 'private.payment.observed',
        paymentId: p.paymentId,
        amount: p.amount,
        recipient: p.recipient,
        mint: p.mint,
        signature: p.signature,
        slot: Number(p.slot),
        at,
        seq,
      };
    }
    default:
      return undefined;
  }
}
