import type * as core from '@x402/core/types';
import { x402HTTPClient } from '@x402/core/client';
import { describe, expect, it } from 'vitest';
import { corePaymentPayload, corePaymentRequired, coreRequirements, DEVNET } from '../testing/wire.fixtures';
import { AnyFacilitatorRequestSchema, FacilitatorRequestSchema } from './facilitator-requests.schema';
import { SettleResponseSchema, SupportedResponseSchema, VerifyResponseSchema } from './facilitator-responses.schema';
import { PaymentPayloadSchema } from './payment-payload.schema';
import { PaymentRequiredSchema } from './payment-required.schema';
import { PaymentRequirementsSchema } from './payment-requirements.schema';
import { PaymentRequiredV1Schema } from './v1.schema';

describe('wire schemas', () => {
  it('produce values assignable to @x402/core types', () => {
    const required: core.PaymentRequired = PaymentRequiredSchema.parse(corePaymentRequired);
    const payload: core.PaymentPayload = PaymentPayloadSchema.parse(corePaymentPayload);
    expect(required).toEqual(corePaymentRequired);
    expect(payload).toEqual(corePaymentPayload);
  });

  it('accept the body the stock client builds for a 402 and the payload header it sends', () => {
    const client = new x402HTTPClient({} as never);
    const headers = client.encodePaymentSignatureHeader(corePaymentPayload);
    const value = headers['PAYMENT-SIGNATURE'];
    expect(value).toBeDefined();
    expect(PaymentPayloadSchema.parse(JSON.parse(Buffer.from(value!, 'base64').toString('utf8')))).toEqual(corePaymentPayload);
  });

  it('fill extra with {} when a producer omits it or sends null', () => {
    const { extra: _extra, ...noExtra } = coreRequirements;
    expect(PaymentRequirementsSchema.parse(noExtra).extra).toEqual({});
    expect(PaymentRequirementsSchema.parse({ ...noExtra, extra: null }).extra).toEqual({});
  });

  it('reject non-CAIP-2 networks and non-integer amounts', () => {
    expect(PaymentRequirementsSchema.safeParse({ ...coreRequirements, network: 'solana-devnet' }).success).toBe(false);
    expect(PaymentRequirementsSchema.safeParse({ ...coreRequirements, amount: '1.5' }).success).toBe(false);
    expect(PaymentRequirementsSchema.safeParse({ ...coreRequirements, amount: '01' }).success).toBe(false);
    expect(PaymentRequirementsSchema.safeParse({ ...coreRequirements, maxTimeoutSeconds: 0 }).success).toBe(false);
  });

  it('parse verify/settle/supported answers', () => {
    const verify: core.VerifyResponse = VerifyResponseSchema.parse({ isValid: false, invalidReason: 'cap_exceeded', payer: null });
    expect(verify.payer).toBeUndefined();
    const settle: core.SettleResponse = SettleResponseSchema.parse({
      success: false,
      errorReason: 'settlement_pending',
      transaction: '',
      network: 'solana:devnet',
    });
    expect(settle.network).toBe(DEVNET);
    // Not annotated as core.SupportedResponse: core types kind.network as CAIP-2 although v1 kinds carry v1 names.
    const supported = SupportedResponseSchema.parse({
      kinds: [
        { x402Version: 2, scheme: 'session', network: 'solana:devnet', extra: { decimals: 6 } },
        { x402Version: 1, scheme: 'session', network: 'solana-devnet' },
      ],
    });
    expect(supported.kinds.map((k) => k.network)).toEqual([DEVNET, 'solana-devnet']);
    expect([supported.extensions, supported.signers]).toEqual([[], {}]);
    expect(SettleResponseSchema.safeParse({ success: true, network: DEVNET }).success).toBe(false);
  });

  it('tell v1 and v2 facilitator bodies apart', () => {
    const v2 = { x402Version: 2, paymentPayload: corePaymentPayload, paymentRequirements: coreRequirements };
    expect(FacilitatorRequestSchema.parse(v2).paymentRequirements.network).toBe(DEVNET);
    const v1Req = {
      scheme: 'exact',
      network: 'solana-devnet',
      maxAmountRequired: '10',
      resource: 'https://a/b',
      description: '',
      payTo: 'p',
      maxTimeoutSeconds: 5,
      asset: 'm',
      extra: {},
    };
    const v1 = { x402Version: 1, paymentPayload: { x402Version: 1, scheme: 'exact', network: 'solana-devnet', payload: {} }, paymentRequirements: v1Req };
    expect(AnyFacilitatorRequestSchema.parse(v1).x402Version).toBe(1);
    expect(PaymentRequiredV1Schema.parse({ x402Version: 1, error: 'x', accepts: [v1Req] }).accepts).toHaveLength(1);
    expect(AnyFacilitatorRequestSchema.safeParse({ ...v2, x402Version: 3 }).success).toBe(false);
  });
});
