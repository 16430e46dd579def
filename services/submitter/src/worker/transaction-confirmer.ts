import { SendRefusedError } from '../chain/solana-chain.adapter';
import type { SettlementChain } from '../ports/settlement-chain.port';
import { SentAttempt } from '../settlement/settlement.store';
import { classifyFailure } from './failure.classifier';
import { decideResume } from './resume.decision';
import { submitterError } from '../submitter.errors';

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
  /** Called before every re-send of the bytes (records that they may be in flight). */
  readonly beforeResend: () => Promise<void>;
  /**
   * A re-send the node refuses (other than expiry) throws; false keeps waiting for the chain's
   * verdict instead (when an earlier send of the bytes may be in flight and only the chain can tell).
   */
  readonly refusalThrows?: boolean;
  /** Stop waiting after this many polls with a retryable error (bounded, never a hang). */
  readonly maxPolls: number;
}

/** How often bytes that have not landed are broadcast again while their blockhash is valid. */
const REBROADCAST_MS = 2_000;

/**
 * Drives one sent transaction to a verdict, always asking the chain first: landed → settled (or
 * failed on chain), still valid → (re-)send the same bytes (same signature, lands at most once),
 * blockhash expired without landing → `expired`, the only case in which a rebuild is safe.
 *
 * Not landed yet is re-broadcast every REBROADCAST_MS, not sent once: a send the node accepted can
 * still be dropped before a leader sees it (and a send that was refused never left the node), and
 * then nothing but the blockhash expiring would end the wait, all of it under the source lock.
 */
export class TransactionConfirmer {
  private readonly rebroadcastEveryPolls: number;

  constructor(
    private readonly chain: SettlementChain,
    private readonly pollMs: number,
  ) {
    this.rebroadcastEveryPolls = Math.max(1, Math.round(REBROADCAST_MS / pollMs));
  }

  async drive(sent: SentAttempt, options: ConfirmOptions): Promise<SentOutcome> {
    // Polls since the bytes were last sent; the first look after a fresh send sends nothing.
    let sinceSend = options.justSent ? 0 : this.rebroadcastEveryPolls;
    for (let poll = 0; poll < options.maxPolls; poll++, sinceSend++) {
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
          if (sinceSend >= this.rebroadcastEveryPolls) {
            await options.beforeResend();
            const expired = await this.resend(sent, options.refusalThrows ?? true);
            if (expired) return { kind: 'expired', signature: sent.signature };
            sinceSend = 0;
          }
          break;
        case 'wait':
          break;
      }
      await options.keepAlive();
      await new Promise((resolve) => setTimeout(resolve, this.pollMs));
    }
    throw submitterError('settlement_pending', 'transaction not confirmed yet', { context: { signature: sent.signature } });
  }

  /** Sends the stored bytes again; true when preflight reports the blockhash gone. */
  private async resend(sent: SentAttempt, refusalThrows: boolean): Promise<boolean> {
    try {
      await this.chain.send(Buffer.from(sent.signedTxBase64, 'base64'));
      return false;
    } catch (error) {
      const failure = classifyFailure(error);
      if (failure.kind === 'blockhash_expired') return true;
      // Already processed: it landed between our status read and the send; the next poll sees it.
      if (/already been processed|alreadyprocessed/i.test(failure.detail)) return false;
      if (!refusalThrows && error instanceof SendRefusedError) return false;
      throw error;
    }
  }
}
