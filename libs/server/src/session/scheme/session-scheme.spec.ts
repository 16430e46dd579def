import { InvalidOptionError } from '@quietpay/x402';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { decodePaymentRequiredHeader, encodePaymentRequiredHeader, PaymentRequiredSchema } from '@quietpay/x402';
import { HTTPFacilitatorClient, x402ResourceServer } from '@x402/core/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { priceToBaseUnits } from '../../pricing/price.util';
import { SessionSchemeServer } from './session-scheme.server';

const MINT = '7crFMbJN7hxVhUPNcRRxTGr9nD3TnvpZ8pNZepA19wuB';
const MERCHANT = '9Cir3JKBcQ1mzasrQNKWMiGVZvYu3dxvfkGeQ6mohWWi';
const NETWORK = 'solana:localnet';
const extra = {
  facilitatorAddress: MERCHANT,
  spender: MERCHANT,
  sessionsEndpoint: 'http://127.0.0.1:4021/sessions',
  decimals: 6,
  settlementMode: 'per-call',
  mint: MINT,
  incoTokenProgramId: '9Cir3JKBcQ1mzasrQNKWMiGVZvYu3dxvfkGeQ6mohWWi',
  incoLightningProgramId: '5sjEbPiqgZrYwR31ahR6Uk9wf5awoX61YGg7jExQSwaj',
};

// A stand-in facilitator that only answers /supported, so the stock HTTPFacilitatorClient talks real HTTP.
let facilitator: Server;
let facilitatorUrl: string;
beforeAll(async () => {
  facilitator = createServer((req, res) => {
    if (req.url !== '/supported') return void res.writeHead(404).end();
    res
      .writeHead(200, { 'content-type': 'application/json' })
      .end(JSON.stringify({ kinds: [{ x402Version: 2, scheme: 'session', network: NETWORK, extra }], extensions: [], signers: { 'solana:*': [MERCHANT] } }));
  });
  await new Promise<void>((r) => facilitator.listen(0, '127.0.0.1', r));
  facilitatorUrl = `http://127.0.0.1:${(facilitator.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => facilitator.close(() => r())));

describe('SessionSchemeServer inside stock @x402/core', () => {
  it('produces a valid 402 PaymentRequired whose requirements carry the facilitator extra', async () => {
    const server = new x402ResourceServer(new HTTPFacilitatorClient({ url: facilitatorUrl })).register(NETWORK, new SessionSchemeServer());
    await server.initialize();
    const accepts = await server.buildPaymentRequirements({ scheme: 'session', network: NETWORK, payTo: MERCHANT, price: '$0.50' });
    expect(accepts).toEqual([
      expect.objectContaining({ scheme: 'session', network: NETWORK, asset: MINT, amount: '500000', payTo: MERCHANT, extra: expect.objectContaining(extra) }),
    ]);
    const required = await server.createPaymentRequiredResponse(accepts, { url: 'http://127.0.0.1:4100/api/chat' });
    const parsed = PaymentRequiredSchema.parse(required);
    // Round trip through quietpay's strict header codec: what the SDK will read.
    expect(decodePaymentRequiredHeader(encodePaymentRequiredHeader(parsed)).accepts[0]?.amount).toBe('500000');
  });

  it('keeps an explicit asset and route extra over the facilitator values', async () => {
    const scheme = new SessionSchemeServer({ asset: MERCHANT, decimals: 2 });
    expect(await scheme.parsePrice('1.25', NETWORK)).toEqual({ amount: '125', asset: MERCHANT });
    expect(await scheme.parsePrice({ amount: '7', asset: MINT }, NETWORK)).toEqual({ amount: '7', asset: MINT });
    const enhanced = await scheme.enhancePaymentRequirements(
      { scheme: 'session', network: NETWORK, asset: MERCHANT, amount: '1', payTo: MERCHANT, maxTimeoutSeconds: 60, extra: { decimals: 2 } },
      { x402Version: 2, scheme: 'session', network: NETWORK, extra },
      [],
    );
    expect(enhanced.asset).toBe(MERCHANT);
    expect(enhanced.extra).toMatchObject({ ...extra, decimals: 2 });
  });
});

describe('priceToBaseUnits', () => {
  it('reads dollars, decimals, numbers and base units', () => {
    expect(priceToBaseUnits('$0.50', 6)).toBe(500_000n);
    expect(priceToBaseUnits(0.5, 6)).toBe(500_000n);
    expect(priceToBaseUnits(3n, 6)).toBe(3n);
    expect(() => priceToBaseUnits('0.1234567', 6)).toThrow(InvalidOptionError);
    expect(() => priceToBaseUnits('abc', 6)).toThrow(InvalidOptionError);
  });
});
