import { Keypair } from '@solana/web3.js';
import { describe, expect, it } from 'vitest';
import { keypairWallet } from '../wallet/keypair-wallet';
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
