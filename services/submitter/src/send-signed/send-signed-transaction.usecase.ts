import { SendSignedTransactionRequest, SentTransaction } from '@quietpay/contracts';
import { QuietpayError } from '@quietpay/platform';
import { VersionedTransaction } from '@solana/web3.js';
import bs58 from 'bs58';
import { SolanaChain } from '../chain/solana-chain.adapter';
import { TransactionConfirmer } from '../worker/transaction-confirmer';

/**
 * Sends and confirms a fully signed transaction (the session approve), idempotent by its
 * signature: the chain is asked first, so a repeat of a landed transaction sends nothing.
 */
export class SendSignedTransactionUseCase {
  constructor(
    private readonly chain: SolanaChain,
    private readonly confirmer: TransactionConfirmer,
    private readonly maxPolls: number,
  ) {}

  async execute(request: SendSignedTransactionRequest): Promise<SentTransaction> {
    const wire = Buffer.from(request.signedTxBase64, 'base64');
    const signature = firstSignature(wire);
    const before = await this.chain.status(signature);
    const lastValid = request.lastValidBlockHeight && request.lastValidBlockHeight !== '0' ? Number(request.lastValidBlockHeight) : Number.MAX_SAFE_INTEGER;
    const outcome = await this.confirmer.drive(
      { signature, signedTxBase64: request.signedTxBase64, lastValidBlockHeight: lastValid, mayBeInFlight: true },
      { justSent: false, knownExpired: false, keepAlive: async () => undefined, beforeResend: async () => undefined, maxPolls: this.maxPolls },
    );
    switch (outcome.kind) {
      case 'settled':
        return {
          signature,
          slot: String(outcome.slot ?? 0),
          alreadyLanded: before?.confirmationStatus === 'confirmed' || before?.confirmationStatus === 'finalized',
        };
      case 'failed_on_chain':
        throw new QuietpayError('transaction_failed', `transaction failed on chain: ${outcome.detail}`, { retryable: false, context: { signature } });
      case 'expired':
        throw new QuietpayError('blockhash_expired', 'the transaction expired before landing; rebuild and re-sign it', {
          retryable: false,
          context: { signature },
        });
    }
  }
}

function firstSignature(wire: Buffer): string {
  let tx: VersionedTransaction;
  try {
    tx = VersionedTransaction.deserialize(wire);
  } catch (cause) {
    throw new QuietpayError('invalid_payload', 'not a serialized transaction', { retryable: false, cause });
  }
  const sig = tx.signatures[0];
  if (!sig || sig.every((b) => b === 0)) throw new QuietpayError('invalid_payload', 'transaction is not signed by its fee payer', { retryable: false });
  return bs58.encode(sig);
}
