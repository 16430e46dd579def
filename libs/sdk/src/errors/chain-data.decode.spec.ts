import { QuietpayError } from '@quietpay/x402';
import { Keypair } from '@solana/web3.js';
import { describe, expect, it } from 'vitest';
import { signedBytes } from '../solana/solana-transaction';
import { decodeUntrusted } from './chain-data.decode';
import { QuietpaySdkError } from './sdk.error';

describe('decodeUntrusted', () => {
  it('turns the wire-transaction reader’s bare error on junk wallet bytes into the given code, phase named, not retryable', () => {
    const junk = { serialize: () => Uint8Array.of(3, 1, 2) };
    const me = Keypair.generate().publicKey.toBase58();
    let caught: unknown;
    try {
      decodeUntrusted('wallet_refused', 'sign', 'the transaction the wallet signed', () => signedBytes(junk, me));
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(QuietpaySdkError);
    expect(caught).toEqual(expect.objectContaining({ code: 'wallet_refused', phase: 'sign', retryable: false }));
    const cause = (caught as Error).cause;
    expect(cause).toBeInstanceOf(Error);
    expect(cause).not.toBeInstanceOf(QuietpayError);
  });

  it('lets a QuietpayError through unchanged and returns what the decoder returns', () => {
    const typed = new QuietpaySdkError('session_closed', 'closed');
    expect(() =>
      decodeUntrusted('decrypt_failed', 'account', 'x', () => {
        throw typed;
      }),
    ).toThrow(typed);
    expect(decodeUntrusted('decrypt_failed', 'account', 'x', () => 42)).toBe(42);
  });
});
