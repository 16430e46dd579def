import { QuietpayError } from '@quietpay/platform';
import { SolanaChain } from '../chain/solana-chain.adapter';
import { SentAttempt } from '../settlement/settlement.store';
import { classifyFailure } from './failure.classifier';
import { decideResume } from './resume.decision';

export type SentOutcome =
  | { readonly kind: 'settled'; readonly signature: string; readonly slot: number | undefined }
  | { readonly kind: 'failed_on_chain'; readonly signature: string; readonly detail: string }
  | { readonly kind: 'expired'; readonly signature: string };

export interface ConfirmOptions {
  /** The bytes were just sent in this step: do not send them again on the first look. */
  readonly justSent: boolean;
  /** Preflight already said the blockhash is gone: rebuild instead of re-sending (once not landed). */
  readonly knownExpired: boolean;
  /** Called every poll (refreshes the source lock). */
  readonly keepAlive: () => Promise<void>;
  /** Stop waiting after this many polls with a retryable error (bounded, never a hang). */
  readonly maxPolls: number;
}

/**
 * Drives one sent transaction to a verdict, always asking the chain first: landed → settled (or
 * failed on chain), still valid → (re-)send the same bytes (same signature, lands at most once),
 * blockhash expired without landing → `expired`, the only case in which a rebuild is safe.
 */
export class TransactionConfirmer {
  constructor(
    private readonly chain: SolanaChain,
    private readonly pollMs: number,
  ) {}

  async drive(sent: SentAttempt, options: ConfirmOptions): Promise<SentOutcome> {
    let sentNow = options.justSent;
    for (let poll = 0; poll < options.maxPolls; poll++) {
      const state = await this.chain.status(sent.signature);
      const height = await this.chain.blockHeight();
      switch (decideResume(state, height, sent.lastValidBlockHeight)) {
        case 'settled':
          return { kind: 'settled', signature: sent.signature, slot: state?.slot };
        case 'failed_on_chain':
          return { kind: 'failed_on_chain', signature: sent.signature, detail: JSON.stringify(state?.err) };
        case 'rebuild':
          return { kind: 'expired', signature: sent.signature };
        case 'resend':
          if (options.knownExpired) return { kind: 'expired', signature: sent.signature };
          if (!sentNow) {
            const expired = await this.resend(sent);
            if (expired) return { kind: 'expired', signature: sent.signature };
            sentNow = true;
          }
          break;
        case 'wait':
          break;
      }
      await options.keepAlive();
      await new Promise((resolve) => setTimeout(resolve, this.pollMs));
    }
    throw new QuietpayError('settlement_pending', 'transaction not confirmed yet', { retryable: true, context: { signature: sent.signature } });
  }

  /** Sends the stored bytes again; true when preflight reports the blockhash gone. */
  private async resend(sent: SentAttempt): Promise<boolean> {
    try {
      await this.chain.send(Buffer.from(sent.signedTxBase64, 'base64'));
      return false;
    } catch (error) {
      const failure = classifyFailure(error);
      if (failure.kind === 'blockhash_expired') return true;
      // Already processed: it landed between our status read and the send; the next poll sees it.
      if (/already been processed|alreadyprocessed/i.test(failure.detail)) return false;
      throw error;
    }
  }
}
