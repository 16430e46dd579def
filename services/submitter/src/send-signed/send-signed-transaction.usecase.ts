import { SendSignedTransactionRequest, SentTransaction } from '@quietpay/contracts';
import { VersionedTransaction } from '@solana/web3.js';
import bs58 from 'bs58';
import { SolanaChain } from '../chain/solana-chain.adapter';
import { TransactionConfirmer } from '../worker/transaction-confirmer';
import { submitterError } from '../submitter.errors';

/**
 * Sends and confirms a fully signed transaction (the session approve), idempotent by its
 * signature: the chain is asked first, so a repeat of a landed transaction sends nothing.
 */
export class SendSignedTransactionUseCase {
  constructor(
    private readonly chain: SolanaChain,
    private readonly confirmer: TransactionConfirmer,
    /** How long to wait for the chain's verdict (under the caller's request timeout). */
    private readonly maxWaitMs: number,
  ) {}

  async execute(request: SendSignedTransactionRequest): Promise<SentTransaction> {
    const wire = Buffer.from(request.signedTxBase64, 'base64');
    const signature = firstSignature(wire);
    const before = await this.chain.status(signature);
    const lastValid = request.lastValidBlockHeight && request.lastValidBlockHeight !== '0' ? Number(request.lastValidBlockHeight) : Number.MAX_SAFE_INTEGER;
    const outcome = await this.confirmer.drive(
      { signature, signedTxBase64: request.signedTxBase64, lastValidBlockHeight: lastValid, mayBeInFlight: true },
      { justSent: false, knownExpired: false, keepAlive: async () => undefined, beforeResend: async () => undefined, maxWaitMs: this.maxWaitMs },
    );
    switch (outcome.kind) {
      case 'settled':
        return {
          signature,
          slot: String(outcome.slot ?? 0),
          alreadyLanded: before?.confirmationStatus === 'confirmed' || before?.confirmationStatus === 'finalized',
        };
      case 'failed_on_chain':
        throw submitterError('transaction_failed', `transaction failed on chain: ${outcome.detail}`, { context: { signature } });
      case 'expired':
        throw submitterError('blockhash_expired', 'the transaction expired before landing; rebuild and re-sign it', {
          // Not retryable for this request although the code's class is: these bytes can never
          // land, only a rebuilt and re-signed transaction (the payer's) can.
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
    throw submitterError('invalid_payload', 'not a serialized transaction', { cause });
  }
  const sig = tx.signatures[0];
  if (!sig || sig.every((b) => b === 0)) throw submitterError('invalid_payload', 'transaction is not signed by its fee payer');
  return bs58.encode(sig);
}
