import { SendRefusedError } from '../chain/solana-chain.adapter';
import type { SettlementChain } from '../ports/settlement-chain.port';
import { NO_WAKEUPS, type SignatureWakeups } from '../ports/signature-wakeups.port';
import { SentAttempt } from '../settlement/settlement.store';
import { classifyFailure } from './failure.classifier';
import { decideResume } from './resume.decision';
import { submitterError } from '../submitter.errors';

export type SentOutcome =
  | { readonly kind: 'settled'; readonly signature: string; readonly slot: number | undefined }
  | { readonly kind: 'failed_on_chain'; readonly signature: string; readonly detail: string }
  | { readonly kind: 'expired'; readonly signature: string };

/**
 * The transaction landed on the node's current state (`processed`, no error) but is not confirmed
 * yet: what a pipelined flush waits for under the source lock (ConfirmOptions.until).
 */
export type ProcessedOutcome = { readonly kind: 'processed'; readonly signature: string; readonly slot: number | undefined };

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
  /**
   * 'processed': also end the wait (kind `processed`) once the node applied the transaction without
   * error, before it is confirmed. Nothing may be answered or booked on that: a processed
   * transaction can still be dropped with its fork; only the build of the next one may use it.
   */
  readonly until?: 'processed' | 'confirmed';
  /** Stop waiting (retryable `settlement_pending`) once this long has passed without a verdict: bounded, never a hang. */
  readonly maxWaitMs: number;
}

/** What the transfer driver needs of the confirmer (either kind of wait). */
export interface SentDriving {
  drive(sent: SentAttempt, options: ConfirmOptions): Promise<SentOutcome | ProcessedOutcome>;
}

export interface ConfirmerTiming {
  /** Poll interval while no notification can come (no PubSub, subscription not acknowledged yet). */
  readonly pollMs: number;
  /** Poll interval while the chain will notify: only the safety net for a lost notification. */
  readonly notifiedPollMs: number;
}

/** How often bytes that have not landed are broadcast again while their blockhash is valid. */
export const REBROADCAST_MS = 2_000;

/**
 * Drives one sent transaction to a verdict, always asking the chain first: landed → settled (or
 * failed on chain), still valid → (re-)send the same bytes (same signature, lands at most once),
 * blockhash expired without landing → `expired`, the only case in which a rebuild is safe.
 *
 * Between looks it sleeps until the chain's `signatureSubscribe` notification says the signature
 * is confirmed (SignatureWakeups), or the poll interval passes: the notification only ends the wait
 * early, the status read decides. Waiting on the notification instead of a 300 ms timer saves about
 * half a poll interval per transfer, under the source lock, for every charge a transfer carries.
 *
 * Not landed yet is re-broadcast every REBROADCAST_MS, not sent once: a send the node accepted can
 * still be dropped before a leader sees it (and a send that was refused never left the node), and
 * then nothing but the blockhash expiring would end the wait, all of it under the source lock.
 */
export class TransactionConfirmer {
  constructor(
    private readonly chain: SettlementChain,
    private readonly timing: ConfirmerTiming,
    private readonly wakeups: SignatureWakeups = NO_WAKEUPS,
    private readonly now: () => number = Date.now,
  ) {}

  drive(sent: SentAttempt, options: ConfirmOptions & { readonly until?: undefined }): Promise<SentOutcome>;
  drive(sent: SentAttempt, options: ConfirmOptions): Promise<SentOutcome | ProcessedOutcome>;
  async drive(sent: SentAttempt, options: ConfirmOptions): Promise<SentOutcome | ProcessedOutcome> {
    // Subscribed before the first status read: a landing between the two is still notified.
    const watch = this.wakeups.watch(sent.signature);
    try {
      return await this.poll(sent, options, watch);
    } finally {
      watch.close();
    }
  }

  private async poll(sent: SentAttempt, options: ConfirmOptions, watch: ReturnType<SignatureWakeups['watch']>): Promise<SentOutcome | ProcessedOutcome> {
    const deadline = this.now() + options.maxWaitMs;
    // When the bytes were last sent; the first look after a fresh send sends nothing.
    let lastSentAt = options.justSent ? this.now() : Number.NEGATIVE_INFINITY;
    for (;;) {
      // Height before status: a height past lastValidBlockHeight read first means nothing can land
      // any more, so a status read after it that finds nothing proves the bytes expired. Read the
      // other way round, the transaction could land between the two reads and be rebuilt: paid twice.
      const height = await this.chain.blockHeight();
      const state = await this.chain.status(sent.signature);
      switch (decideResume(state, height, sent.lastValidBlockHeight)) {
        case 'settled':
          return { kind: 'settled', signature: sent.signature, slot: state?.slot };
        case 'failed_on_chain':
          return { kind: 'failed_on_chain', signature: sent.signature, detail: JSON.stringify(state?.err) };
        case 'rebuild':
          return { kind: 'expired', signature: sent.signature };
        case 'resend':
          if (options.knownExpired) return { kind: 'expired', signature: sent.signature };
          if (this.now() - lastSentAt >= REBROADCAST_MS) {
            await options.beforeResend();
            const expired = await this.resend(sent, options.refusalThrows ?? true);
            if (expired) return { kind: 'expired', signature: sent.signature };
            lastSentAt = this.now();
          }
          break;
        case 'wait':
          if (options.until === 'processed') return { kind: 'processed', signature: sent.signature, slot: state?.slot };
          break;
      }
      await options.keepAlive();
      if (this.now() >= deadline) break;
      await watch.sleep(watch.live ? this.timing.notifiedPollMs : this.timing.pollMs);
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
