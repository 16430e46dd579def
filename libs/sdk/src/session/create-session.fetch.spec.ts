import { secp256k1 } from '@noble/curves/secp256k1';
import { Keypair } from '@solana/web3.js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { keypairWallet } from '../wallet/keypair-wallet';
import { createSession } from './create-session.usecase';

const FACILITATOR = 'http://facilitator.test';
const RPC = 'http://rpc.test';
const address = (): string => Keypair.generate().publicKey.toBase58();
const supported = {
  kinds: [
    {
      x402Version: 2,
      scheme: 'session',
      network: 'solana:localnet',
      extra: {
        facilitatorAddress: address(),
        spender: address(),
        sessionsEndpoint: `${FACILITATOR}/sessions`,
        decimals: 6,
        mint: address(),
        teePublicKey: Buffer.from(secp256k1.getPublicKey(secp256k1.utils.randomPrivateKey(), false)).toString('hex'),
        incoTokenProgramId: address(),
        incoLightningProgramId: address(),
      },
    },
  ],
  extensions: [],
  signers: {},
};

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('createSession with options.fetch', () => {
  it('sends the Solana RPC requests through it too (never the global fetch), called without a receiver as window.fetch needs', async () => {
    const urls: string[] = [];
    const given = function (this: unknown, input: string | URL | Request): Promise<Response> {
      if (this !== undefined) throw new TypeError('Illegal invocation');
      const url = String(input);
      urls.push(url);
      if (url === `${FACILITATOR}/supported`) return Promise.resolve(Response.json(supported));
      return Promise.resolve(new Response('rpc down', { status: 503 }));
    };
    const globalFetch = vi.fn(() => Promise.reject(new Error('the global fetch was used')));
    vi.stubGlobal('fetch', globalFetch);
    const err = await createSession({
      wallet: keypairWallet(Keypair.generate()),
      facilitatorUrl: FACILITATOR,
      rpcUrl: RPC,
      cap: '1',
      expiresInSeconds: 600,
      recipient: address(),
      fetch: given,
    }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'rpc_unreachable', retryable: true });
    expect(globalFetch).not.toHaveBeenCalled();
    expect(urls[0]).toBe(`${FACILITATOR}/supported`);
    expect(urls).toContain(RPC);
  });
});
