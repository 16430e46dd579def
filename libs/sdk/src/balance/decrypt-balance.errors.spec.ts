import { bytesToBase64 } from '@quietpay/x402';
import { encodeIncoTokenAccount, INCO_ACCOUNT_SIZE } from '@quietpay/solana';
import { Keypair } from '@solana/web3.js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { FetchLike } from '../facilitator/facilitator.client';
import { SolanaRpcError } from '../solana/solana-rpc.client';
import { keypairWallet } from '../wallet/keypair-wallet';
import type { WalletSigner } from '../wallet/wallet-signer.types';
import { decryptBalance, type DecryptBalanceOptions } from './decrypt-balance.usecase';

// Every way the covalidator, the wallet or the RPC can fail decryptBalance ends in a typed error with
// the original as `cause`: retryable when asking again can help (network, 5xx, a wallet that said
// no: the user may approve next time, as in createSession), not when the answer itself is wrong. The
// RPC and the covalidator are fakes behind `options.fetch` (the global fetch is stubbed to the same
// fake, except where a test checks that options.fetch alone is used).
const RPC = 'http://rpc.test';
const COVALIDATOR = 'http://covalidator.test';
const owner = Keypair.generate();

const incoAccount = (amountHandle: bigint): Uint8Array =>
  encodeIncoTokenAccount(
    'IncoAccount',
    {
      mint: Keypair.generate().publicKey,
      owner: owner.publicKey,
      amount: amountHandle,
      delegate: null,
      state: { Initialized: {} },
      is_native: null,
      delegated_amount: 0n,
      close_authority: null,
    },
    INCO_ACCOUNT_SIZE,
  );

type Reply = Response | Error;

/** The RPC answers getAccountInfo with `accountBase64` (and no signatures); the covalidator with `covalidator(path)`. */
function fakeNetwork(accountBase64: string, covalidator: (path: string) => Reply): FetchLike {
  return (input, init) => {
    const url = String(input);
    if (url.startsWith(RPC)) {
      const { method } = JSON.parse(String(init?.body)) as { method: string };
      const result = method === 'getAccountInfo' ? { context: { slot: 1 }, value: { data: [accountBase64, 'base64'] } } : [];
      return Promise.resolve(new Response(JSON.stringify({ jsonrpc: '2.0', id: 1, result })));
    }
    const reply = covalidator(url.slice(COVALIDATOR.length));
    return reply instanceof Error ? Promise.reject(reply) : Promise.resolve(reply);
  };
}

function options(network: FetchLike, change: Partial<DecryptBalanceOptions> = {}): DecryptBalanceOptions {
  vi.stubGlobal('fetch', network);
  return {
    wallet: keypairWallet(owner),
    rpcUrl: RPC,
    covalidatorUrl: COVALIDATOR,
    mint: Keypair.generate().publicKey.toBase58(),
    incoTokenProgramId: Keypair.generate().publicKey.toBase58(),
    incoLightningProgramId: Keypair.generate().publicKey.toBase58(),
    attestationPublicKey: Keypair.generate().publicKey.toBase58(),
    fetch: network,
    ...change,
  };
}

async function failure(run: Promise<unknown>): Promise<Error & Record<string, unknown>> {
  const outcome = await run.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(outcome instanceof Error)) throw new Error('expected decryptBalance to fail');
  return outcome as Error & Record<string, unknown>;
}

const funded = bytesToBase64(incoAccount(7n));
const typed = (code: string, phase: string, retryable: boolean) => expect.objectContaining({ name: 'QuietpaySdkError', code, phase, retryable });

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('decryptBalance failure typing', () => {
  it('a covalidator that cannot be reached is a retryable decrypt_failed (phase decrypt), the fetch error as cause', async () => {
    const down = new TypeError('fetch failed');
    const err = await failure(decryptBalance(options(fakeNetwork(funded, () => down))));
    expect(err).toEqual(typed('decrypt_failed', 'decrypt', true));
    expect(err.cause).toBe(down);
  });

  it('a covalidator answering 503 is a retryable decrypt_failed with the status', async () => {
    const err = await failure(decryptBalance(options(fakeNetwork(funded, () => new Response('busy', { status: 503 })))));
    expect(err).toEqual(typed('decrypt_failed', 'decrypt', true));
    expect(err['context']).toEqual(expect.objectContaining({ status: 503 }));
  });

  it('a covalidator answering 400 is not retryable', async () => {
    const err = await failure(decryptBalance(options(fakeNetwork(funded, () => new Response('bad handle', { status: 400 })))));
    expect(err).toEqual(typed('decrypt_failed', 'decrypt', false));
  });

  it('a covalidator answering junk with 200 is a non-retryable decrypt_failed, the JSON parse error as cause', async () => {
    const err = await failure(decryptBalance(options(fakeNetwork(funded, () => new Response('<html>oops</html>')))));
    expect(err).toEqual(typed('decrypt_failed', 'decrypt', false));
    expect(err.cause).toBeInstanceOf(SyntaxError);
  });

  it('an unreachable /keys (no pinned key) is retryable, phase covalidator-keys', async () => {
    const down = new TypeError('fetch failed');
    const err = await failure(
      decryptBalance(
        options(
          fakeNetwork(funded, () => down),
          { attestationPublicKey: undefined },
        ),
      ),
    );
    expect(err).toEqual(typed('decrypt_failed', 'covalidator-keys', true));
    expect(err.cause).toBe(down);
  });

  it('a /keys answer whose key is not an address is not retryable, the decoder error as cause', async () => {
    const junkKey = () => new Response(JSON.stringify({ attestationPublicKey: 'abc' }));
    const err = await failure(decryptBalance(options(fakeNetwork(funded, junkKey), { attestationPublicKey: undefined })));
    expect(err).toEqual(typed('decrypt_failed', 'covalidator-keys', false));
    expect(err.cause).toBeInstanceOf(RangeError);
  });

  it('a wallet refusing signMessage is a retryable wallet_refused (phase sign, as in createSession), its error as cause, and nothing is sent', async () => {
    const refusal = new Error('User rejected the request');
    const wallet: WalletSigner = { ...keypairWallet(owner), signMessage: () => Promise.reject(refusal) };
    const covalidator = vi.fn((): Reply => new Response('{}'));
    const err = await failure(decryptBalance(options(fakeNetwork(funded, covalidator), { wallet })));
    expect(err).toEqual(typed('wallet_refused', 'sign', true));
    expect(err.cause).toBe(refusal);
    expect(covalidator).not.toHaveBeenCalled();
  });

  it('a wallet handing back a signature that is not 64 bytes is a non-retryable wallet_refused (a broken wallet, not a refusal)', async () => {
    const wallet: WalletSigner = { ...keypairWallet(owner), signMessage: () => Promise.resolve(new Uint8Array(10)) };
    const covalidator = vi.fn((): Reply => new Response('{}'));
    const err = await failure(decryptBalance(options(fakeNetwork(funded, covalidator), { wallet })));
    expect(err).toEqual(typed('wallet_refused', 'sign', false));
    expect(err.cause).toBeInstanceOf(RangeError);
    expect(covalidator).not.toHaveBeenCalled();
  });

  it.each([
    ['too short', new Uint8Array(10)],
    ['the right size with another account type', new Uint8Array(INCO_ACCOUNT_SIZE).fill(0xff)],
  ])('an IncoToken account that does not decode (%s) is a non-retryable decrypt_failed (phase account), not a bare error', async (_case, bytes) => {
    const covalidator = vi.fn((): Reply => new Response('{}'));
    const err = await failure(decryptBalance(options(fakeNetwork(bytesToBase64(bytes), covalidator))));
    expect(err).toEqual(typed('decrypt_failed', 'account', false));
    expect(err.cause).toEqual(expect.objectContaining({ name: 'AccountLayoutError' }));
    expect(covalidator).not.toHaveBeenCalled();
  });

  it('account data that is not base64 is a non-retryable SolanaRpcError, the decode error as cause', async () => {
    const err = await failure(decryptBalance(options(fakeNetwork('!!not base64!!', () => new Response('{}')))));
    expect(err).toBeInstanceOf(SolanaRpcError);
    expect(err).toEqual(expect.objectContaining({ code: 'rpc_unreachable', phase: 'rpc', retryable: false }));
    expect(err.cause).toBeDefined();
  });
});

describe('decryptBalance with options.fetch', () => {
  it('sends the RPC requests through it too (never the global fetch), called without a receiver as window.fetch needs', async () => {
    const network = fakeNetwork(funded, () => new Error('covalidator not asked in this test'));
    const urls: string[] = [];
    const given = function (this: unknown, input: string | URL | Request, init?: RequestInit): Promise<Response> {
      if (this !== undefined) throw new TypeError('Illegal invocation');
      urls.push(String(input));
      return network(input, init);
    };
    const globalFetch = vi.fn(() => Promise.reject(new Error('the global fetch was used')));
    const opts = { ...options(network), fetch: given };
    vi.stubGlobal('fetch', globalFetch);
    const err = await failure(decryptBalance(opts));
    expect(err).toEqual(typed('decrypt_failed', 'decrypt', true));
    expect(globalFetch).not.toHaveBeenCalled();
    expect(urls[0]).toBe(RPC);
    expect(urls.at(-1)).toBe(`${COVALIDATOR}/crypto/getDecryptAttested`);
  });
});
