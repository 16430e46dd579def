import { Keypair, SystemProgram, Transaction } from '@solana/web3.js';
import bs58 from 'bs58';
import { describe, expect, it } from 'vitest';
import { PaymentsApiError } from './payments-api.client';
import { payQuote, payQuoteInParts } from './payment-transaction.executor';
import { PrivatePaymentError } from './private-payment.error';
import { QuietpayError } from '@quietpay/x402';
import { QuietpaySdkError } from '../errors/sdk.error';
import { keypairWallet } from '../wallet/keypair-wallet';
import { askWallet } from '../wallet/wallet-refusal';
import type { WalletSigner } from '../wallet/wallet-signer.types';
import type { Px402Quote } from './px402-quote.parser';
import type { ChainConfirmation, PrivateChainPort } from './solana-chain.port';

const agent = Keypair.generate();
const wallet = keypairWallet(agent);
const quote: Px402Quote = { amount: 10_000n, address: Keypair.generate().publicKey.toBase58(), paymentId: '77', token: 't', partsSummed: true };

function unsignedFor(payer: Keypair): string {
  const tx = new Transaction({ feePayer: payer.publicKey, recentBlockhash: bs58.encode(new Uint8Array(32).fill(7)) });
  tx.add(SystemProgram.transfer({ fromPubkey: payer.publicKey, toPubkey: Keypair.generate().publicKey, lamports: 1 }));
  return tx.serialize({ requireAllSignatures: false, verifySignatures: false }).toString('base64');
}

const api = (over: { transfer?: () => Promise<never>; payer?: Keypair; initialized?: boolean } = {}) => ({
  mintStatus: () => Promise.resolve({ mint: 'm', transferQueue: 'q', initialized: over.initialized ?? true }),
  transfer: over.transfer ?? (() => Promise.resolve({ transactionBase64: unsignedFor(over.payer ?? agent), version: 'legacy', lastValidBlockHeight: 100 })),
});
const chain = (send: () => Promise<string>, confirmation: ChainConfirmation = { kind: 'confirmed', slot: 9 }): PrivateChainPort => ({
  sendRawTransaction: send,
  confirm: () => Promise.resolve(confirmation),
});
const okSend = (): Promise<string> => Promise.resolve('sent');

async function failure(run: () => Promise<unknown>): Promise<PrivatePaymentError> {
  try {
    await run();
  } catch (err) {
    if (err instanceof PrivatePaymentError) return err;
    throw err;
  }
  throw new Error('expected a PrivatePaymentError');
}

describe('payQuote error phases', () => {
  it('returns the signature the wallet produced when everything confirms', async () => {
    let sent: Uint8Array | undefined;
    const res = await payQuote({ api: api(), wallet, chain: chain((...a: unknown[]) => ((sent = a[0] as Uint8Array), okSend())) }, quote);
    expect(res.slot).toBe(9);
    expect(Transaction.from(sent!).signature && bs58.encode(Transaction.from(sent!).signature!)).toBe(res.signature);
  });

  it('build: API refusal, unreachable API, uninitialized mint, foreign fee payer, all without a signature', async () => {
    const refused = await failure(() =>
      payQuote({ api: api({ transfer: () => Promise.reject(new PaymentsApiError('no', 400, 'insufficient_funds')) }), wallet, chain: chain(okSend) }, quote),
    );
    expect([refused.phase, refused.code, refused.reason, refused.signature, refused.retryable]).toEqual([
      'build',
      'payments_api_error',
      'insufficient_funds',
      undefined,
      false,
    ]);
    const down = await failure(() =>
      payQuote({ api: api({ transfer: () => Promise.reject(new PaymentsApiError('down', undefined, undefined)) }), wallet, chain: chain(okSend) }, quote),
    );
    expect([down.phase, down.code, down.retryable]).toEqual(['build', 'payments_api_unreachable', true]);
    const uninit = await failure(() => payQuote({ api: api({ initialized: false }), wallet, chain: chain(okSend) }, quote));
    expect([uninit.phase, uninit.code]).toEqual(['build', 'mint_not_initialized']);
    const foreign = await failure(() => payQuote({ api: api({ payer: Keypair.generate() }), wallet, chain: chain(okSend) }, quote));
    expect([foreign.phase, foreign.code, foreign.signature]).toEqual(['build', 'unexpected_transaction', undefined]);
  });

  it('sign: a wallet that refuses is wallet_refused, retryable, as everywhere in the SDK (wallet/wallet-refusal.ts)', async () => {
    const rejection = new Error('user rejected');
    const refusing: WalletSigner = { ...wallet, signTransaction: () => Promise.reject(rejection) };
    const err = await failure(() => payQuote({ api: api(), wallet: refusing, chain: chain(okSend) }, quote));
    expect([err.phase, err.code, err.retryable, err.signature, err.cause]).toEqual(['sign', 'wallet_refused', true, undefined, rejection]);
    // The same code askWallet gives a refusal elsewhere in the SDK.
    const elsewhere = await askWallet('x', () => Promise.reject(rejection)).catch((e: unknown) => e as QuietpayError);
    expect([elsewhere.code, elsewhere.phase, elsewhere.retryable]).toEqual([err.code, err.phase, err.retryable]);
    // A wallet's own typed refusal keeps its retryability (keypairWallet: a transaction it cannot sign).
    const typed = new QuietpaySdkError('wallet_refused', 'cannot sign this', {}, false, { phase: 'sign' });
    const cannot = await failure(() =>
      payQuote({ api: api(), wallet: { ...wallet, signTransaction: () => Promise.reject(typed) }, chain: chain(okSend) }, quote),
    );
    expect([cannot.code, cannot.retryable, cannot.cause]).toEqual(['wallet_refused', false, typed]);
  });

  it('sign: a wallet that hands back junk is wallet_refused, not retryable; one that hands it back unsigned is retryable', async () => {
    // A wallet is generic over the transaction it signs; a broken one hands back something else.
    const junk: WalletSigner = { ...wallet, signTransaction: <T>() => Promise.resolve({ serialize: () => new Uint8Array([1, 2, 3]) } as unknown as T) };
    const broken = await failure(() => payQuote({ api: api(), wallet: junk, chain: chain(okSend) }, quote));
    expect([broken.phase, broken.code, broken.retryable, broken.signature]).toEqual(['sign', 'wallet_refused', false, undefined]);
    const unsigned: WalletSigner = { ...wallet, signTransaction: (tx) => Promise.resolve(tx) };
    const blank = await failure(() => payQuote({ api: api(), wallet: unsigned, chain: chain(okSend) }, quote));
    expect([blank.phase, blank.code, blank.retryable, blank.signature]).toEqual(['sign', 'wallet_refused', true, undefined]);
  });

  it('send and confirm: failures keep the signature and the quote', async () => {
    const send = await failure(() => payQuote({ api: api(), wallet, chain: chain(() => Promise.reject(new Error('socket hang up'))) }, quote));
    expect([send.phase, send.code, send.quote?.paymentId, typeof send.signature]).toEqual(['send', 'send_failed', '77', 'string']);
    for (const [outcome, code] of [
      [{ kind: 'failed', error: { InstructionError: [0, 'Custom'] } }, 'transaction_failed'],
      [{ kind: 'expired' }, 'transaction_failed'],
      [{ kind: 'unknown' }, 'confirmation_timeout'],
    ] as const) {
      const err = await failure(() => payQuote({ api: api(), wallet, chain: chain(okSend, outcome) }, quote));
      expect([err.phase, err.code, err.paymentMayHaveLanded]).toEqual(['confirm', code, true]);
    }
  });
});

describe('payQuoteInParts', () => {
  it('sends one transfer per part, each with the quote id as clientRefId, and reports them all', async () => {
    const requests: { amount: bigint; clientRefId?: string }[] = [];
    const ports = {
      api: {
        ...api(),
        transfer: (req: { amount: bigint; clientRefId?: string }) => {
          requests.push(req);
          return Promise.resolve({ transactionBase64: unsignedFor(agent), version: 'legacy', lastValidBlockHeight: 100 });
        },
      },
      wallet,
      chain: chain(okSend),
    };
    const sent = await payQuoteInParts(ports as never, { ...quote, amount: 12_000n }, [10_000n, 2_000n]);
    expect(requests.map((r) => [r.amount, r.clientRefId])).toEqual([
      [10_000n, '77'],
      [2_000n, '77'],
    ]);
    expect(sent.parts).toBe(2);
    expect(sent.partSignatures).toHaveLength(2);
    expect(sent.signature).toBe(sent.partSignatures?.[0]);
  });

  it('refuses parts that do not sum to the quote', async () => {
    await expect(payQuoteInParts({ api: api(), wallet, chain: chain(okSend) }, quote, [5_000n, 2_000n])).rejects.toMatchObject({
      code: 'invalid_option',
      field: 'parts',
      phase: 'options',
    });
  });

  it('reports a failure after the first part as partial_payment with the first signature: never pay again', async () => {
    let calls = 0;
    const failingSecond = chain(() => (++calls === 2 ? Promise.reject(new Error('rpc down')) : Promise.resolve('sent')));
    const err = await payQuoteInParts({ api: api(), wallet, chain: failingSecond }, quote, [5_000n, 5_000n]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PrivatePaymentError);
    expect(err).toMatchObject({ code: 'partial_payment', retryable: false });
    expect((err as PrivatePaymentError).signature).toMatch(/^[1-9A-HJ-NP-Za-km-z]{64,88}$/);
  });
});
