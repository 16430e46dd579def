import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PaymentRequiredSchema } from '@quietpay/x402';
import { HTTPFacilitatorClient, x402ResourceServer } from '@x402/core/server';
import type { FacilitatorClient } from '@x402/core/server';
import type { PaymentPayload } from '@x402/core/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SessionSchemeServer } from '../session/scheme/session-scheme.server';
import { PrivateSchemeServer } from './private-scheme.server';

const MINT = '7crFMbJN7hxVhUPNcRRxTGr9nD3TnvpZ8pNZepA19wuB';
const MERCHANT = '9Cir3JKBcQ1mzasrQNKWMiGVZvYu3dxvfkGeQ6mohWWi';
const NETWORK = 'solana:localnet' as const;
const privateExtra = {
  paymentsApiUrl: 'http://127.0.0.1:8899',
  validator: 'MAS1Dt9qreoRMQ14YQuhg8UTZMMzDdKhmkZMECCzk57',
  transferQueue: '5sjEbPiqgZrYwR31ahR6Uk9wf5awoX61YGg7jExQSwaj',
  mint: MINT,
  cluster: 'localnet',
  paymentParts: 'sum',
};

// A stand-in facilitator that only answers /supported, so the stock HTTPFacilitatorClient talks real HTTP.
let facilitator: Server;
let facilitatorUrl: string;
beforeAll(async () => {
  facilitator = createServer((req, res) => {
    if (req.url !== '/supported') return void res.writeHead(404).end();
    const kinds = [
      { x402Version: 2, scheme: 'session', network: NETWORK, extra: { mint: MINT, spender: MERCHANT } },
      { x402Version: 2, scheme: 'private', network: NETWORK, extra: privateExtra },
    ];
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ kinds, extensions: [], signers: {} }));
  });
  await new Promise<void>((r) => facilitator.listen(0, '127.0.0.1', r));
  facilitatorUrl = `http://127.0.0.1:${(facilitator.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => facilitator.close(() => r())));

async function resourceServer(): Promise<x402ResourceServer> {
  const server = new x402ResourceServer(new HTTPFacilitatorClient({ url: facilitatorUrl }))
    .register(NETWORK, new SessionSchemeServer())
    .register(NETWORK, new PrivateSchemeServer());
  await server.initialize();
  return server;
}

const route = { scheme: 'private', network: NETWORK, payTo: MERCHANT, price: '$0.01' } as const;

describe('PrivateSchemeServer inside stock @x402/core', () => {
  it('offers private next to session, with a fresh payment id and the facilitator extra', async () => {
    const server = await resourceServer();
    const accepts = [...(await server.buildPaymentRequirements({ ...route, scheme: 'session' })), ...(await server.buildPaymentRequirements(route))];
    const required = PaymentRequiredSchema.parse(await server.createPaymentRequiredResponse(accepts, { url: 'http://127.0.0.1:4100/api/x' }));
    expect(required.accepts.map((a) => a.scheme)).toEqual(['session', 'private']);
    const priv = required.accepts[1]!;
    expect(priv).toMatchObject({ network: NETWORK, asset: MINT, amount: '10000', payTo: MERCHANT });
    const { mint: _mint, ...expected } = privateExtra;
    expect(priv.extra).toEqual({
      ...expected,
      paymentFlow: 'upfront',
      paymentId: expect.stringMatching(/^[1-9]\d*$/),
      paymentToken: expect.stringMatching(/^pv1\.\d+\./),
    });
  });

  it('matches a paid requirement against the rebuilt ones although the payment id changed', async () => {
    const server = await resourceServer();
    const [paid] = await server.buildPaymentRequirements(route);
    const [rebuilt] = await server.buildPaymentRequirements(route);
    expect(rebuilt!.extra['paymentId']).not.toBe(paid!.extra['paymentId']);
    expect(rebuilt!.extra['paymentToken']).not.toBe(paid!.extra['paymentToken']);
    const payment: PaymentPayload = { x402Version: 2, accepted: paid!, payload: { paymentId: paid!.extra['paymentId'] } };
    expect(server.findMatchingRequirements([rebuilt!], payment)).toBe(rebuilt);
    // Anything but the payment id must still match.
    const otherRecipient: PaymentPayload = { ...payment, accepted: { ...paid!, extra: { ...paid!.extra, transferQueue: MERCHANT } } };
    expect(server.findMatchingRequirements([rebuilt!], otherRecipient)).toBeUndefined();
  });

  it('settles before the handler (upfront) so one payment never serves twice', async () => {
    const server = await resourceServer();
    const [req] = await server.buildPaymentRequirements(route);
    expect(server.getPaymentFlow({ x402Version: 2, accepted: req!, payload: {} }, req!)).toBe('upfront');
  });

  it('keeps an explicit asset and prices in base units', async () => {
    const scheme = new PrivateSchemeServer({ asset: MERCHANT, decimals: 2, newPaymentId: () => '7' });
    expect(await scheme.parsePrice('1.25', NETWORK)).toEqual({ amount: '125', asset: MERCHANT });
    const enhanced = await scheme.enhancePaymentRequirements(
      { scheme: 'private', network: NETWORK, asset: MERCHANT, amount: '1', payTo: MERCHANT, maxTimeoutSeconds: 60, extra: { paymentId: 'stale' } },
      { x402Version: 2, scheme: 'private', network: NETWORK, extra: privateExtra },
      [],
    );
    expect(enhanced.asset).toBe(MERCHANT);
    expect(enhanced.extra['paymentId']).toBe('7');
  });
});

// Agents pay in parts only when the requirements say the facilitator sums them; a route claiming it in
// front of a facilitator that does not would have agents pay parts that never verify.
describe('PrivateSchemeServer takes paymentParts only from the facilitator', () => {
  const { paymentParts: _parts, ...oneTransferExtra } = privateExtra;
  async function serverFor(facilitatorExtra: Record<string, unknown>): Promise<x402ResourceServer> {
    const supportedOnly: FacilitatorClient = {
      verify: () => Promise.reject(new Error('not asked here')),
      settle: () => Promise.reject(new Error('not asked here')),
      getSupported: () =>
        Promise.resolve({ kinds: [{ x402Version: 2, scheme: 'private', network: NETWORK, extra: facilitatorExtra }], extensions: [], signers: {} }),
    };
    const server = new x402ResourceServer(supportedOnly).register(NETWORK, new PrivateSchemeServer());
    await server.initialize();
    return server;
  }

  it("drops a route's paymentParts when the facilitator does not sum parts", async () => {
    const server = await serverFor(oneTransferExtra);
    const [req] = await server.buildPaymentRequirements({ ...route, extra: { paymentParts: 'sum', note: 'kept' } });
    expect(req!.extra).not.toHaveProperty('paymentParts');
    // Only paymentParts is the facilitator's to say; the route's other extra still reaches the agent.
    expect(req!.extra['note']).toBe('kept');
  });

  it("keeps the facilitator's paymentParts whatever the route says", async () => {
    const server = await serverFor(privateExtra);
    for (const extra of [undefined, { paymentParts: 'one' }, { paymentParts: undefined }]) {
      const [req] = await server.buildPaymentRequirements({ ...route, extra });
      expect(req!.extra['paymentParts']).toBe('sum');
    }
  });
});

// The binding hooks run inside core before the facilitator is asked; a facilitator that would answer
// "valid" for anything shows that only the token decides. A real one is exercised in tests/private.
describe('PrivateSchemeServer binds a payment id to the requester who got the 402', () => {
  const SECRET = 'a-resource-server-secret-of-at-least-32-bytes';
  // Calls that reached the facilitator (upfront flow: core skips the facilitator's /verify, so settle counts).
  let asked = 0;
  const anything: FacilitatorClient = {
    verify: () => {
      asked += 1;
      return Promise.resolve({ isValid: true });
    },
    settle: () => {
      asked += 1;
      return Promise.resolve({ success: true, transaction: 'tx', network: NETWORK });
    },
    getSupported: () => Promise.resolve({ kinds: [{ x402Version: 2, scheme: 'private', network: NETWORK, extra: privateExtra }], extensions: [], signers: {} }),
  };
  async function setup(now = () => 1_700_000_000_000) {
    const server = new x402ResourceServer(anything).register(NETWORK, new PrivateSchemeServer({ tokenSecrets: { current: SECRET }, now }));
    await server.initialize();
    const [offered] = await server.buildPaymentRequirements(route);
    const [rebuilt] = await server.buildPaymentRequirements(route);
    return { server, offered: offered!, rebuilt: rebuilt! };
  }
  const pay = (accepted: PaymentPayload['accepted'], payload: Record<string, unknown>): PaymentPayload => ({ x402Version: 2, accepted, payload });

  it('serves the payer who echoes the token of its 402', async () => {
    const { server, offered, rebuilt } = await setup();
    const paid = pay(offered, { paymentId: offered.extra['paymentId'], paymentToken: offered.extra['paymentToken'] });
    asked = 0;
    expect(await server.verifyPayment(paid, rebuilt)).toMatchObject({ isValid: true });
    expect(await server.settlePayment(paid, rebuilt)).toMatchObject({ success: true });
    expect(asked).toBe(1);
  });

  it('refuses an observer who knows the id from the chain but not the token, without asking the facilitator', async () => {
    const { server, offered, rebuilt } = await setup();
    const paymentId = offered.extra['paymentId'];
    // The observer's own 402 gives it a valid token, but for another id.
    const ownToken = rebuilt.extra['paymentToken'];
    asked = 0;
    for (const payload of [{ paymentId }, { paymentId, paymentToken: ownToken }, { paymentId, paymentToken: 'pv1.9999999999.AAAA' }]) {
      const forged = pay({ ...offered, extra: { ...offered.extra, paymentToken: payload.paymentToken } }, payload);
      expect(await server.verifyPayment(forged, rebuilt)).toMatchObject({ isValid: false, invalidReason: 'invalid_payment_token' });
      await expect(server.settlePayment(forged, rebuilt)).rejects.toMatchObject({ errorReason: 'invalid_payment_token' });
    }
    expect(asked).toBe(0);
  });

  it('refuses a payload id that differs from accepted.extra.paymentId', async () => {
    const { server, offered, rebuilt } = await setup();
    const other = pay(offered, { paymentId: '42', paymentToken: offered.extra['paymentToken'] });
    expect(await server.verifyPayment(other, rebuilt)).toMatchObject({ isValid: false, invalidReason: 'invalid_payload' });
  });

  it('refuses a token presented for another price than the one it was issued with', async () => {
    const { server, offered } = await setup();
    const [dearer] = await server.buildPaymentRequirements({ ...route, price: '$0.02' });
    const paid = pay(offered, { paymentId: offered.extra['paymentId'], paymentToken: offered.extra['paymentToken'] });
    expect(await server.verifyPayment(paid, dearer!)).toMatchObject({ isValid: false, invalidReason: 'invalid_payment_token' });
  });

  it('answers payment_token_expired after the TTL, and accepts a token signed with the previous secret', async () => {
    let now = 1_700_000_000_000;
    const { server, offered, rebuilt } = await setup(() => now);
    const paid = pay(offered, { paymentId: offered.extra['paymentId'], paymentToken: offered.extra['paymentToken'] });
    now += 3601_000;
    expect(await server.verifyPayment(paid, rebuilt)).toMatchObject({ isValid: false, invalidReason: 'payment_token_expired' });

    const rotated = new x402ResourceServer(anything).register(
      NETWORK,
      new PrivateSchemeServer({ tokenSecrets: { current: `${SECRET}-new`, previous: SECRET }, now: () => 1_700_000_000_000 }),
    );
    await rotated.initialize();
    const [fresh] = await rotated.buildPaymentRequirements(route);
    expect(await rotated.verifyPayment(paid, fresh!)).toMatchObject({ isValid: true });
  });
});
