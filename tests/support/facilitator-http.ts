import type { PaymentPayload, PaymentRequirements } from '@quietpay/x402';
import { expect } from 'vitest';

// The gateway's facilitator answers as the e2e tests read them: one definition instead of a copy
// per test file.

/** A `/settle` answer (x402 v2) with quietpay's `extra`. */
export interface SettleAnswer {
  readonly success: boolean;
  readonly errorReason?: string;
  readonly transaction: string;
  readonly network?: string;
  readonly extra?: {
    readonly settlementId?: string;
    readonly settlementStatus?: string;
    /** Coalesced per-call: the transfer this charge rode in and its share of it. */
    readonly transfer?: { readonly signature: string; readonly amount: string; readonly charges: number; readonly share: string };
  };
}

/** `GET /settlements/:id`. */
export interface SettlementReceipt {
  readonly settlementId: string;
  readonly state: string;
  readonly signature: string;
  readonly amount: string;
  readonly sessionId: string;
  readonly failureReason?: string;
}

/** POST /settle with an x402 v2 body; the facilitator answers 200 whatever the verdict. */
export async function settleAt(gatewayUrl: string, paymentPayload: PaymentPayload, paymentRequirements: PaymentRequirements): Promise<SettleAnswer> {
  const res = await fetch(`${gatewayUrl}/settle`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ x402Version: 2, paymentPayload, paymentRequirements }),
  });
  expect(res.status).toBe(200);
  return (await res.json()) as SettleAnswer;
}

/** GET /settlements/:id, which must be known. */
export async function receiptAt(gatewayUrl: string, settlementId: string): Promise<SettlementReceipt> {
  const res = await fetch(`${gatewayUrl}/settlements/${settlementId}`);
  expect(res.status).toBe(200);
  return (await res.json()) as SettlementReceipt;
}
