import { decodePaymentResponseHeader, encodePaymentSignatureHeader, type PaymentRequirements } from '@quietpay/x402';
import { describe, expect, it } from 'vitest';
import { PAY_TO, SEED_FACILITATOR, SEED_MINT, SEED_NETWORK, SEED_SUPPORTED } from './seed-facilitator.fake';
import { sessionPaywall } from './session-paywall.usecase';

// quietpay's paywall in front of a facilitator that answers /supported as the seed
// (solana-x402-sessions) does: the mint as the kind's `asset` (no `extra.mint`) and a relative
// `sessionsEndpoint` (issue 11; seed-facilitator.fake.ts).

const [MINT, FACILITATOR, NETWORK] = [SEED_MINT, SEED_FACILITATOR, SEED_NETWORK];
const RECEIPT = {
  success: true,
  transaction: '5'.repeat(64),
  network: NETWORK,
  payer: FACILITATOR,
  extensions: { session: { id: 'S', spent: '500000', remaining: '500000' } },
};

/** The seed facilitator as the paywall meets it; records the bodies /verify and /settle were sent. */
function seedFacilitator() {
  const bodies: { route: string; body: { paymentRequirements: PaymentRequirements } }[] = [];
  const fetch = async (input: string, init?: RequestInit): Promise<Response> => {
    if (input.endsWith('/supported')) return Response.json(SEED_SUPPORTED);
    const route = input.endsWith('/verify') ? 'verify' : 'settle';
    bodies.push({ route, body: JSON.parse(String(init?.body)) as { paymentRequirements: PaymentRequirements } });
    return Response.json(route === 'verify' ? { isValid: true, payer: FACILITATOR } : RECEIPT);
  };
  return { fetch, bodies };
}

describe('sessionPaywall in front of a seed-shaped facilitator', () => {
  it('asks for the kind-level asset with an absolute sessionsEndpoint, then verifies, serves and settles a paid call', async () => {
    const facilitator = seedFacilitator();
    const paywall = sessionPaywall({ facilitatorUrl: 'http://facilitator.test/', price: '0.5', payTo: PAY_TO, fetch: facilitator.fetch });

    const unpaid = await paywall.decide('http://api.test/chat', undefined);
    if (unpaid.kind !== 'reply') throw new Error('expected a 402');
    expect(unpaid.reply.status).toBe(402);
    const accepted = (unpaid.reply.body as { accepts: PaymentRequirements[] }).accepts[0]!;
    expect(accepted).toMatchObject({
      scheme: 'session',
      network: NETWORK,
      asset: MINT,
      amount: '500000',
      payTo: PAY_TO,
      extra: { sessionsEndpoint: 'http://facilitator.test/sessions', facilitatorUrl: 'http://facilitator.test', spender: FACILITATOR, decimals: 6 },
    });

    const paid = await paywall.decide(
      'http://api.test/chat',
      encodePaymentSignatureHeader({ x402Version: 2, accepted, payload: { sessionId: 'S', amount: '500000' } }),
    );
    if (paid.kind !== 'verified') throw new Error(`expected a verified payment, got ${JSON.stringify(paid)}`);
    const settled = await paid.settle();
    if (!settled.ok) throw new Error(`expected a settled payment, got ${JSON.stringify(settled.reply)}`);
    expect(decodePaymentResponseHeader(settled.headers['PAYMENT-RESPONSE']!)).toMatchObject(RECEIPT);
    expect(facilitator.bodies.map((b) => [b.route, b.body.paymentRequirements.asset])).toEqual([
      ['verify', MINT],
      ['settle', MINT],
    ]);
  });
});
