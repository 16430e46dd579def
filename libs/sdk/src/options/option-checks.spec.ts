import { InvalidOptionError, QuietpayError } from '@quietpay/x402';
import { Keypair } from '@solana/web3.js';
import { describe, expect, it } from 'vitest';
import { createPrivateClient } from '../private/private-client.factory';
import { createSession, type CreateSessionOptions } from '../session/create-session.usecase';
import { keypairWallet } from '../wallet/keypair-wallet';

// Option typos fail before any I/O with an InvalidOptionError that names the field: the fetch
// below throws if anything is sent.
const noNetwork = (): Promise<Response> => Promise.reject(new Error('no request may be sent'));
const valid: CreateSessionOptions = {
  wallet: keypairWallet(Keypair.generate()),
  facilitatorUrl: 'http://127.0.0.1:4021',
  rpcUrl: 'http://127.0.0.1:8899',
  cap: '2.5',
  expiresInSeconds: 600,
  recipient: Keypair.generate().publicKey.toBase58(),
  fetch: noNetwork,
};

async function fieldOf(run: () => Promise<unknown>): Promise<string | undefined> {
  const error = await run().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(InvalidOptionError);
  expect(error instanceof QuietpayError && error.code).toBe('invalid_option');
  return (error as InvalidOptionError).field;
}

describe('createSession options', () => {
  it.each([
    ['cap', { cap: '0.5 USDC' }],
    ['cap', { cap: 0n }],
    ['perCallLimit', { perCallLimit: 'ten' }],
    ['expiresInSeconds', { expiresInSeconds: 1.5 }],
    ['recipient', { recipient: 'not-an-address' }],
    ['facilitatorUrl', { facilitatorUrl: 'localhost:4021' }],
    ['rpcUrl', { rpcUrl: 'ftp://x' }],
    ['wallet', { wallet: { publicKey: 'abc' } }],
  ] as const)('names %s', async (field, patch) => {
    expect(await fieldOf(() => createSession({ ...valid, ...(patch as object) } as CreateSessionOptions))).toBe(field);
  });

  it('names the missing connection', async () => {
    const { rpcUrl: _unused, ...rest } = valid;
    expect(await fieldOf(() => createSession(rest))).toBe('connection');
  });
});

describe('createPrivateClient options', () => {
  const base = {
    wallet: keypairWallet(Keypair.generate()),
    rpcUrl: 'http://127.0.0.1:8899',
    paymentsApiUrl: 'http://127.0.0.1:8900',
    mint: Keypair.generate().publicKey.toBase58(),
    cluster: 'localnet',
  };
  it.each([
    ['mint', { mint: 'USDC' }],
    ['paymentsApiUrl', { paymentsApiUrl: '' }],
    ['cluster', { cluster: '' }],
    ['maxAmountPerRequest', { maxAmountPerRequest: 5 }],
  ] as const)('names %s', async (field, patch) => {
    expect(await fieldOf(async () => createPrivateClient({ ...base, ...(patch as object) } as Parameters<typeof createPrivateClient>[0]))).toBe(field);
  });

  it('takes the same wallet helper as createSession', () => {
    expect(() => createPrivateClient(base)).not.toThrow();
  });
});
