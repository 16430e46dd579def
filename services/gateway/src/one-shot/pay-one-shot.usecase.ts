import { Injectable } from '@nestjs/common';
import { decodePaymentSignatureHeader, HeaderDecodeError, type PaymentPayload, type VerifyResponse } from '@quietpay/x402';
import { ApiError } from '../http/api-error';
import { FacilitatePaymentUseCase } from '../facilitation/facilitate-payment.usecase';
import type { PayCheckBody } from './pay.body';
import type { PaymentCaller } from '../rate-limit/payment-caller';
import type { SettleAnswer } from '../schemes/facilitator-scheme.port';

/** What `/pay/getAmount` answers: the claimed terms of a payment header, unchecked. */
export interface ClaimedAmount {
  readonly scheme: string;
  readonly network: string;
  readonly asset: string;
  readonly amount: string;
  readonly payTo: string;
  readonly sessionId?: string;
}

/**
 * The seed's `/pay/*` flow on top of the same checks as /verify and /settle: the header is decoded
 * here, then the body is handled exactly like an x402 v2 request (so /pay/settle re-verifies too).
 */
@Injectable()
export class PayOneShotUseCase {
  constructor(private readonly facilitate: FacilitatePaymentUseCase) {}

  getAmount(paymentHeader: string): ClaimedAmount {
    const payload = decode(paymentHeader);
    const a = payload.accepted;
    const sessionId = payload.payload['sessionId'];
    return {
      scheme: a.scheme,
      network: a.network,
      asset: a.asset,
      amount: typeof payload.payload['amount'] === 'string' ? payload.payload['amount'] : a.amount,
      payTo: a.payTo,
      ...(typeof sessionId === 'string' ? { sessionId } : {}),
    };
  }

  verify(body: PayCheckBody, caller: PaymentCaller): Promise<VerifyResponse> {
    return this.facilitate.verify({ x402Version: 2, paymentPayload: decode(body.paymentHeader), paymentRequirements: body.paymentRequirements }, caller);
  }

  settle(body: PayCheckBody, caller: PaymentCaller): Promise<SettleAnswer> {
    return this.facilitate.settle({ x402Version: 2, paymentPayload: decode(body.paymentHeader), paymentRequirements: body.paymentRequirements }, caller);
  }
}

function decode(header: string): PaymentPayload {
  try {
    return decodePaymentSignatureHeader(header);
  } catch (error) {
    if (error instanceof HeaderDecodeError) {
      throw new ApiError(error.failure === 'oversize' ? 'header_too_large' : 'invalid_payload', error.message);
    }
    throw error;
  }
}
