import { Keypair } from '@solana/web3.js';
import { describe, expect, it } from 'vitest';
import { keypairWallet } from '../wallet/keypair-wallet';
import { decryptBalance, type DecryptBalanceOptions } from './decrypt-balance.usecase';

// decryptBalance checks its options before any I/O: a typo is an InvalidOptionError naming the
// field, never a fetch or RPC error later. Nothing here listens on the URLs: a check that let a
// bad option through would fail with a network error instead of the expected one.
const valid: DecryptBalanceOptions = {
  wallet: keypairWallet(Keypair.generate()),
  rpcUrl: 'http://127.0.0.1:1',
  covalidatorUrl: 'http://127.0.0.1:1',
  mint: Keypair.generate().publicKey.toBase58(),
  incoTokenProgramId: Keypair.generate().publicKey.toBase58(),
  incoLightningProgramId: Keypair.generate().publicKey.toBase58(),
};
const invalid = (field: string) => expect.objectContaining({ name: 'InvalidOptionError', code: 'invalid_option', field, phase: 'options' });

describe('decryptBalance options', () => {
  it.each([
    ['wallet', { wallet: {} }],
    ['covalidatorUrl', { covalidatorUrl: 'covalidator.example' }],
    ['rpcUrl', { rpcUrl: 'ftp://rpc.example' }],
    ['mint', { mint: 'not-an-address' }],
    ['incoTokenProgramId', { incoTokenProgramId: '' }],
    ['incoLightningProgramId', { incoLightningProgramId: 'O0O0' }],
    ['attestationPublicKey', { attestationPublicKey: 'not-base58!' }],
  ] as const)('names %s', async (field, change) => {
    await expect(decryptBalance({ ...valid, ...change } as unknown as DecryptBalanceOptions)).rejects.toEqual(invalid(field));
  });

  it('names connection when neither a connection nor rpcUrl is given', async () => {
    const { rpcUrl: _omitted, ...withoutRpc } = valid;
    await expect(decryptBalance(withoutRpc)).rejects.toEqual(invalid('connection'));
  });
});
