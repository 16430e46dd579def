import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PaymentLookupError } from '../ports/payment-lookup.port';
import { FacilitatorEmulator } from '../testing/facilitator-emulator.fake';
import { facilitatorPaymentLookup } from './facilitator-payment-lookup';

const WALLET = 'Wa11et1111111111111111111111111111111111111';
const emulator = new FacilitatorEmulator();
let url = '';

describe('facilitatorPaymentLookup (real HTTP against a facilitator emulator)', () => {
  beforeAll(async () => {
    url = await emulator.start();
  });
  afterAll(() => emulator.stop());

  it('reports pending, then found with amount, recipient and signature', async () => {
    const lookup = facilitatorPaymentLookup(`${url}/`);
    expect(await lookup.find({ paymentId: '101', destination: WALLET })).toEqual({ status: 'pending' });
    emulator.settlements.set('101', { amount: '10000', recipient: WALLET, signature: 'sig101' });
    expect(await lookup.find({ paymentId: '101', destination: WALLET })).toEqual({
      status: 'found',
      amount: '10000',
      destination: WALLET,
      signature: 'sig101',
    });
  });

  it('asks for the expected recipient', async () => {
    emulator.settlements.set('102', { amount: '10000', recipient: 'SomeoneElse', signature: 'sig102' });
    const lookup = facilitatorPaymentLookup(url);
    expect(await lookup.find({ paymentId: '102', destination: WALLET })).toEqual({ status: 'pending' });
  });

  it('does not count a settlement in another mint when a mint is configured', async () => {
    emulator.settlements.set('103', { amount: '10000', recipient: WALLET, signature: 's', mint: 'FakeMint' });
    const lookup = facilitatorPaymentLookup(url, { mint: 'USDCmint1111111111111111111111111111111111' });
    expect(await lookup.find({ paymentId: '103', destination: WALLET })).toEqual({ status: 'pending' });
  });

  it('throws PaymentLookupError on a server error, a foreign body or an unreachable facilitator', async () => {
    emulator.failStatus = 500;
    try {
      await expect(facilitatorPaymentLookup(url).find({ paymentId: '104', destination: WALLET })).rejects.toThrow(PaymentLookupError);
    } finally {
      emulator.failStatus = undefined;
    }
    // The emulator's 404 for an unknown route is text, not the lookup contract.
    await expect(facilitatorPaymentLookup(`${url}/wrong-prefix`).find({ paymentId: '104', destination: WALLET })).rejects.toThrow(PaymentLookupError);
    const closed = new FacilitatorEmulator();
    const closedUrl = await closed.start();
    await closed.stop();
    await expect(facilitatorPaymentLookup(closedUrl).find({ paymentId: '104', destination: WALLET })).rejects.toThrow(PaymentLookupError);
  });
});
