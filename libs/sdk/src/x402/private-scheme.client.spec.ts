import { Keypair, SystemProgram, Transaction } from '@solana/web3.js';
import type { PaymentRequirements } from '@quietpay/x402';
import bs58 from 'bs58';
import { describe, expect, it } from 'vitest';
import { keypairWallet } from '../wallet/keypair-wallet';
import type { PrivateChainPort } from '../private/solana-chain.port';
import { PrivateSchemeClient, type PrivateSchemeClientOptions } from './private-scheme.client';

const base: PrivateSchemeClientOptions = {
  wallet: keypairWallet(Keypair.generate()),
  network: 'solana:localnet',
  facilitatorUrl: 'http://127.0.0.1:1',
  rpcUrl: 'http://127.0.0.1:2',
};

describe('PrivateSchemeClient options', () => {
  it.each([
    ['wallet', { ...base, wallet: {} as PrivateSchemeClientOptions['wallet'] }],
    ['facilitatorUrl', { ...base, facilitatorUrl: 'gateway' }],
    ['network', { ...base, network: 'solana' as PrivateSchemeClientOptions['network'] }],
    ['rpcUrl', { wallet: base.wallet, network: base.network, facilitatorUrl: base.facilitatorUrl }],
  ] as const)('refuses a bad or missing %s with an InvalidOptionError naming it', (field, options) => {
    expect(() => new PrivateSchemeClient(options)).toThrow(expect.objectContaining({ code: 'invalid_option', field }) as Error);
  });

  it('refuses x402 v1 before paying anything', async () => {
    const scheme = new PrivateSchemeClient(base);
    await expect(
      scheme.createPaymentPayload(1, { scheme: 'private', network: base.network, asset: 'x', amount: '1', payTo: 'y', maxTimeoutSeconds: 1, extra: {} }),
    ).rejects.toMatchObject({ code: 'scheme_not_supported' });
  });
});

describe('PrivateSchemeClient paying in parts', () => {
  const agent = Keypair.generate();
  const merchant = Keypair.generate().publicKey.toBase58();
  const paymentsApiUrl = 'http://payments.test';
  const requirements = (amount: string, extra: Record<string, unknown> = {}): PaymentRequirements => ({
    scheme: 'private',
    network: base.network,
    asset: Keypair.generate().publicKey.toBase58(),
    amount,
    payTo: merchant,
    maxTimeoutSeconds: 60,
    extra: { paymentId: '77', paymentToken: 'pv1.1.x', paymentsApiUrl, cluster: 'localnet', ...extra },
  });
  const unsigned = (): string => {
    const tx = new Transaction({ feePayer: agent.publicKey, recentBlockhash: bs58.encode(new Uint8Array(32).fill(7)) });
    tx.add(SystemProgram.transfer({ fromPubkey: agent.publicKey, toPubkey: Keypair.generate().publicKey, lamports: 1 }));
    return tx.serialize({ requireAllSignatures: false, verifySignatures: false }).toString('base64');
  };

  /** A payments API that builds each transfer and a facilitator answering `verdicts` in turn (the last one repeats). */
  function world(verdicts: readonly (string | undefined)[]) {
    const transfers: { amount: string; clientRefId: string }[] = [];
    const sent: string[] = [];
    let asked = 0;
    const fetchImpl = (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
      const url = String(input);
      const json = (body: unknown): Promise<Response> =>
        Promise.resolve(new Response(JSON.stringify(body), { headers: { 'content-type': 'application/json' } }));
      if (url.startsWith(`${paymentsApiUrl}/v1/spl/is-mint-initialized`)) return json({ mint: 'm', transferQueue: 'q', initialized: true });
      if (url === `${paymentsApiUrl}/v1/spl/transfer`) {
        transfers.push(JSON.parse(String(init?.body)) as { amount: string; clientRefId: string });
        return json({ transactionBase64: unsigned(), lastValidBlockHeight: 100 });
      }
      if (url === `${base.facilitatorUrl}/verify`) {
        const reason = verdicts[Math.min(asked++, verdicts.length - 1)];
        return json(reason === undefined ? { isValid: true } : { isValid: false, invalidReason: reason });
      }
      return Promise.reject(new Error(`unexpected ${url}`));
    };
    const chain: PrivateChainPort = {
      sendRawTransaction: (bytes) => {
        sent.push(bs58.encode(Transaction.from(bytes).signature!));
        return Promise.resolve('sent');
      },
      confirm: () => Promise.resolve({ kind: 'confirmed', slot: 9 }),
    };
    const client = (transfer?: PrivateSchemeClientOptions['transfer']) =>
      new PrivateSchemeClient({ ...base, wallet: keypairWallet(agent), chain, fetch: fetchImpl, settlePollMs: 1, ...(transfer ? { transfer } : {}) });
    return { transfers, sent, verifies: () => asked, client };
  }

  it('pays standard denominations under one payment id when the facilitator sums parts, waiting through amount_mismatch', async () => {
    const w = world(['payment_pending', 'amount_mismatch', 'amount_mismatch', undefined]);
    const result = await w.client().createPaymentPayload(2, requirements('30000', { paymentParts: 'sum' }));
    expect(w.transfers.map((t) => [t.amount, t.clientRefId])).toEqual([
      ['20000', '77'],
      ['10000', '77'],
    ]);
    // Below the price while parts are still settling is pending, not a refusal: asked until valid.
    expect(w.verifies()).toBe(4);
    // The payload names the first part's enqueue (informational; the facilitator judges the id).
    expect(result.payload).toEqual({ paymentId: '77', paymentToken: 'pv1.1.x', signature: w.sent[0] });
  });

  it("pays one transfer when the facilitator does not say it sums parts, or with denominations 'off'", async () => {
    for (const [extra, transfer] of [
      [{}, undefined],
      [{ paymentParts: 'sum' }, { denominations: 'off' }],
    ] as const) {
      const w = world(['amount_mismatch', undefined]);
      await w.client(transfer).createPaymentPayload(2, requirements('30000', extra));
      expect(w.transfers.map((t) => t.amount)).toEqual(['30000']);
      // One transfer below the price is final: the wait ends and the resource server reports it.
      expect(w.verifies()).toBe(1);
    }
  });

  it("pays in parts with denominations 'on' even when not advertised, at most maxParts", async () => {
    const w = world([undefined]);
    await w.client({ denominations: 'on', maxParts: 2 }).createPaymentPayload(2, requirements('13700'));
    expect(w.transfers.map((t) => t.amount)).toEqual(['10000', '3700']);
  });
});
