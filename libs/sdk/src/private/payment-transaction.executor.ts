import { base64ToBytes, InvalidOptionError, QuietpayError } from '@quietpay/x402';
import { SolanaTransaction, signedBytes } from '../solana/solana-transaction';
import type { PaymentsApiClient, PrivateTransferRequest } from './payments-api.client';
import { PaymentsApiError } from './payments-api.client';
import type { UnsignedTransactionAnswer } from './payments-api.schemas';
import { PrivatePaymentError, type PrivatePaymentErrorCode } from './private-payment.error';
import type { WalletSigner } from '../wallet/wallet-signer.types';
import type { Px402Quote } from './px402-quote.parser';
import type { PrivateChainPort } from './solana-chain.port';

/** A payment transaction that confirmed on the base chain. */
export interface SentPayment {
  /** The (first) transaction's signature. */
  readonly signature: string;
  readonly slot: number;
  /** How many private transfers paid it (standard-denomination parts); 1 when absent. */
  readonly parts?: number;
  /** Every part's signature, in order, when it was paid in parts. */
  readonly partSignatures?: readonly string[];
}

interface Ports {
  readonly api: Pick<PaymentsApiClient, 'transfer' | 'mintStatus'>;
  readonly wallet: WalletSigner;
  readonly chain: PrivateChainPort;
}

function decode(answer: UnsignedTransactionAnswer): SolanaTransaction {
  // Legacy and v0 alike: the wire format says which (base64ToBytes: atob, the SDK runs in browsers).
  return new SolanaTransaction(base64ToBytes(answer.transactionBase64));
}

function buildError(err: unknown, quote: Px402Quote | undefined): PrivatePaymentError {
  const unreachable = err instanceof PaymentsApiError && err.status === undefined;
  const code: PrivatePaymentErrorCode = unreachable ? 'payments_api_unreachable' : 'payments_api_error';
  const message = err instanceof Error ? err.message : String(err);
  return new PrivatePaymentError(message, {
    phase: 'build',
    code,
    // Nothing was signed: trying again cannot pay twice.
    retryable: unreachable || (err instanceof PaymentsApiError && (err.status ?? 500) >= 500),
    ...(quote ? { quote } : {}),
    ...(err instanceof PaymentsApiError && err.status !== undefined ? { status: err.status } : {}),
    ...(err instanceof PaymentsApiError && err.apiCode !== undefined ? { reason: err.apiCode } : {}),
    cause: err,
  });
}

/**
 * Signs, sends and confirms an unsigned transaction from the payments API, mapping each failure to
 * its phase. From the moment the wallet signed, every error carries the transaction signature.
 */
export async function signSendConfirm(ports: Omit<Ports, 'api'>, answer: UnsignedTransactionAnswer, quote?: Px402Quote): Promise<SentPayment> {
  const withQuote = quote ? { quote } : {};
  let tx: SolanaTransaction;
  try {
    tx = decode(answer);
  } catch (err) {
    throw new PrivatePaymentError('payments API returned an undecodable transaction', {
      phase: 'build',
      code: 'unexpected_transaction',
      retryable: false,
      ...withQuote,
      cause: err,
    });
  }
  const me = ports.wallet.publicKey.toBase58();
  // The API builds the transaction; we only sign what we pay for ourselves.
  if (tx.signers[0] !== me || (answer.requiredSigners !== undefined && answer.requiredSigners.some((s) => s !== me))) {
    throw new PrivatePaymentError('payments API returned a transaction for another signer', {
      phase: 'build',
      code: 'unexpected_transaction',
      retryable: false,
      ...withQuote,
    });
  }

  // The SDK's one wallet rule (wallet/wallet-refusal.ts), as a PrivatePaymentError: a wallet that
  // declines or fails to sign is `wallet_refused`, retryable (nothing was sent); bytes it hands back
  // that do not decode are `wallet_refused`, not retryable (a broken wallet, not a refusal).
  let signedTx: Awaited<ReturnType<typeof ports.wallet.signTransaction>>;
  try {
    signedTx = await ports.wallet.signTransaction(tx);
  } catch (err) {
    const retryable = err instanceof QuietpayError ? err.retryable : true;
    throw new PrivatePaymentError('the wallet did not sign the payment', { phase: 'sign', code: 'wallet_refused', retryable, ...withQuote, cause: err });
  }
  let signed: { bytes: Uint8Array; signature: string | null };
  try {
    signed = signedBytes(signedTx, me);
  } catch (err) {
    throw new PrivatePaymentError('the wallet handed back a transaction that does not decode', {
      phase: 'sign',
      code: 'wallet_refused',
      retryable: false,
      ...withQuote,
      cause: err,
    });
  }
  // The fee payer's (our) signature is the transaction's id.
  const signature = signed.signature;
  if (signature === null) {
    throw new PrivatePaymentError('the wallet returned the payment unsigned', { phase: 'sign', code: 'wallet_refused', retryable: true, ...withQuote });
  }

  try {
    await ports.chain.sendRawTransaction(signed.bytes);
  } catch (err) {
    // A send can fail after the RPC forwarded it; the signature lets the caller check.
    throw new PrivatePaymentError(`sending the payment failed: ${err instanceof Error ? err.message : String(err)}`, {
      phase: 'send',
      code: 'send_failed',
      retryable: false,
      signature,
      ...withQuote,
      cause: err,
    });
  }

  let outcome;
  try {
    outcome = await ports.chain.confirm(signature, answer.lastValidBlockHeight);
  } catch (err) {
    throw new PrivatePaymentError('could not confirm the payment', {
      phase: 'confirm',
      code: 'confirmation_timeout',
      retryable: false,
      signature,
      ...withQuote,
      cause: err,
    });
  }
  switch (outcome.kind) {
    case 'confirmed':
      return { signature, slot: outcome.slot };
    case 'failed':
      throw new PrivatePaymentError(`payment transaction failed on chain: ${JSON.stringify(outcome.error)}`, {
        phase: 'confirm',
        code: 'transaction_failed',
        retryable: false,
        signature,
        ...withQuote,
      });
    case 'expired':
      throw new PrivatePaymentError('payment transaction expired without landing', {
        phase: 'confirm',
        code: 'transaction_failed',
        retryable: false,
        signature,
        ...withQuote,
      });
    case 'unknown':
      throw new PrivatePaymentError('payment transaction not confirmed in time; it may still land', {
        phase: 'confirm',
        code: 'confirmation_timeout',
        retryable: false,
        signature,
        ...withQuote,
      });
  }
}

/**
 * Pays a px402 quote: asks the API for the private transfer (`clientRefId` = payment id, `to` =
 * the quoted wallet), then signs, sends and confirms it.
 */
export async function payQuote(
  ports: Ports,
  quote: Px402Quote,
  extra: Omit<PrivateTransferRequest, 'to' | 'amount' | 'clientRefId'> = {},
): Promise<SentPayment> {
  let answer: UnsignedTransactionAnswer;
  try {
    const status = await ports.api.mintStatus();
    if (!status.initialized) {
      throw new PrivatePaymentError(`mint ${status.mint} has no private transfer queue`, {
        phase: 'build',
        code: 'mint_not_initialized',
        retryable: false,
        quote,
      });
    }
    answer = await ports.api.transfer({ ...extra, to: quote.address, amount: quote.amount, clientRefId: quote.paymentId });
  } catch (err) {
    if (err instanceof PrivatePaymentError) throw err;
    throw buildError(err, quote);
  }
  return signSendConfirm(ports, answer, quote);
}

/**
 * Pays a px402 quote as several private transfers of `parts` (standard denominations summing to
 * the quote), all with the quote's payment id as `clientRefId`, one after another. Each part gets
 * its own random delay from the queue, so the parts settle apart. A failure after some parts were
 * sent is reported with the first part's signature: the caller must not pay the quote again.
 */
export async function payQuoteInParts(
  ports: Ports,
  quote: Px402Quote,
  parts: readonly bigint[],
  extra: Omit<PrivateTransferRequest, 'to' | 'amount' | 'clientRefId'> = {},
): Promise<SentPayment> {
  if (parts.length <= 1) return payQuote(ports, quote, extra);
  if (parts.reduce((a, b) => a + b, 0n) !== quote.amount)
    throw new InvalidOptionError('payQuoteInParts', 'parts', `must sum to the quoted amount ${quote.amount}`, parts.join('+'));
  const sent: SentPayment[] = [];
  for (const amount of parts) {
    try {
      sent.push(await payQuote(ports, { ...quote, amount }, extra));
    } catch (err) {
      const first = sent[0];
      if (first === undefined) throw err;
      // Money already left the wallet under this payment id: never a silent second payment.
      throw new PrivatePaymentError(`paid ${sent.length} of ${parts.length} parts of payment ${quote.paymentId}; the rest failed`, {
        phase: 'send',
        code: 'partial_payment',
        retryable: false,
        quote,
        signature: first.signature,
        cause: err,
      });
    }
  }
  const [first] = sent;
  const last = sent[sent.length - 1];
  // Unreachable (two or more parts, each sent or thrown above); typed all the same.
  if (first === undefined || last === undefined) {
    throw new PrivatePaymentError('no part was paid', { phase: 'send', code: 'send_failed', retryable: false, quote });
  }
  return { signature: first.signature, slot: last.slot, parts: sent.length, partSignatures: sent.map((p) => p.signature) };
}

export { buildError as toBuildError };
