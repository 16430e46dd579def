import { QuietpayError } from '@quietpay/platform';
import { Logger } from 'pino';
import { SendRefusedError } from '../chain/solana-chain.adapter';
import type { SettlementChain } from '../ports/settlement-chain.port';
import { timedStep } from '../metrics/settlement-step.metrics';
import { TransferLanding } from '../ports/transfer-landing.port';
import { SentAttempt } from '../settlement/settlement.store';
import { classifyFailure, isStaleHandlesFailure } from './failure.classifier';
import type { SentDriving, SentOutcome } from './transaction-confirmer';
import { submitterError } from '../submitter.errors';

/** Where one transfer's latest sent attempt is persisted (a settlement record or a batch record). */
export interface TransferJournal {
  /** Recorded before sending: after a crash the retry finds and checks this signature first. */
  markSending(sent: SentAttempt): Promise<void>;
  /** The node refused the first send of the recorded bytes. */
  markRefused(): Promise<void>;
  /** The recorded bytes are about to be sent again. */
  markInFlight(): Promise<void>;
}

export interface TransferDriverOptions {
  readonly maxRebuilds: number;
  /** How long one confirmation wait lasts before it ends retryable (covers a blockhash's life). */
  readonly confirmWindowMs: number;
}

/**
 * What a build step hands the driver: a freshly signed transaction, or (`adopted`) one another
 * attempt already bound for the same charges (batches: the ledger keeps one per batch), which is
 * driven and re-broadcast, never replaced by a new one.
 */
export type BuiltAttempt = SentAttempt & { readonly adopted?: boolean };

/** Where `land` left the transfer: confirmed, or (asked `until: 'processed'`) applied by the node and not confirmed yet. */
export interface LandedTransfer {
  readonly signature: string;
  readonly slot: number | undefined;
  readonly confirmed: boolean;
}

/** What a transfer that did not settle can still do: land, fail on chain, or nothing at all. */
export type FinalVerdict = SentOutcome | { readonly kind: 'cannot_land' };

/**
 * Lands one transfer: build → sign → send → confirm, rebuilding only after the chain says the
 * previous bytes expired without landing. Shared by per-call settlements and batch flushes; the
 * caller holds the source lock and passes `keepAlive` to refresh it. `until: 'processed'` (a
 * pipelined coalesced flush) returns as soon as the node applied the transaction, unconfirmed:
 * the caller then awaits its confirmation with `finalVerdict`, which never rebuilds.
 */
export class TransferDriver implements TransferLanding {
  constructor(
    private readonly chain: SettlementChain,
    private readonly confirmer: SentDriving,
    private readonly options: TransferDriverOptions,
    private readonly logger: Logger,
  ) {}

  async land(
    key: string,
    previous: SentAttempt | undefined,
    buildAndSign: (dead: SentAttempt | undefined) => Promise<BuiltAttempt>,
    journal: TransferJournal,
    keepAlive: () => Promise<void>,
    until: 'processed' | 'confirmed' = 'confirmed',
  ): Promise<LandedTransfer> {
    let sent = previous;
    // The last attempt the chain showed can never land (expired, reverted, refused at preflight):
    // the build step names it, so the ledger lets a new transaction replace exactly that one.
    let dead: SentAttempt | undefined;
    let justSent = false;
    let knownExpired = false;
    for (let builds = 0; ; builds++) {
      if (sent) {
        const attempt = sent;
        const outcome = await timedStep(until === 'processed' ? 'processed' : 'confirm', () =>
          this.confirmer.drive(attempt, {
            justSent,
            knownExpired,
            keepAlive,
            beforeResend: () => journal.markInFlight(),
            maxWaitMs: this.options.confirmWindowMs,
            until,
          }),
        );
        if (outcome.kind === 'settled') return { signature: outcome.signature, slot: outcome.slot, confirmed: true };
        if (outcome.kind === 'processed') return { signature: outcome.signature, slot: outcome.slot, confirmed: false };
        if (outcome.kind === 'failed_on_chain') {
          if (!isStaleHandlesFailure(outcome.detail)) {
            throw submitterError('transaction_failed', `transaction failed on chain: ${outcome.detail}`, {
              context: { signature: outcome.signature },
            });
          }
          if (builds > this.options.maxRebuilds) throw handlesKeptMoving(outcome.detail);
          // The failed transaction reverted (fee only): build against the current handles.
          this.logger.warn({ key, signature: outcome.signature }, 'balance handles moved under the transfer, rebuilding');
        } else {
          this.logger.info({ key, signature: outcome.signature }, 'blockhash expired without landing, rebuilding');
        }
        dead = attempt;
      }
      if (builds > this.options.maxRebuilds) {
        throw submitterError('blockhash_expired', 'blockhash kept expiring before the transaction landed');
      }
      const built = await buildAndSign(dead);
      sent = built;
      await journal.markSending(sent);
      knownExpired = false;
      // Another attempt's bound transaction: drive (and re-broadcast) those bytes, send no others.
      justSent = built.adopted !== true;
      if (!justSent) continue;
      try {
        const wire = Buffer.from(sent.signedTxBase64, 'base64');
        await timedStep('send', () => this.chain.send(wire));
      } catch (error) {
        if (error instanceof SendRefusedError) {
          await journal.markRefused();
          // Refused at preflight because a handle moved: the node never forwarded these bytes.
          if (isStaleHandlesFailure(error.message)) {
            if (builds >= this.options.maxRebuilds) throw handlesKeptMoving(error.message);
            this.logger.warn({ key, signature: sent.signature }, 'preflight saw moved balance handles, rebuilding');
            dead = sent;
            sent = undefined;
            continue;
          }
        }
        const failure = classifyFailure(error);
        if (failure.kind !== 'blockhash_expired') throw error;
        knownExpired = true;
      }
    }
  }

  /**
   * Before releasing: can the last sent bytes still land? Bytes whose only send the node refused
   * cannot (answered at once; waiting out their blockhash under the source lock was the stall);
   * anything else is driven, re-broadcast, to a verdict from the chain. Also a pipelined flush's
   * wait for a processed transfer's confirmation outside the source lock: it never rebuilds.
   */
  async finalVerdict(sent: SentAttempt, journal: TransferJournal, keepAlive: () => Promise<void>): Promise<FinalVerdict> {
    if (!sent.mayBeInFlight) {
      const state = await this.chain.status(sent.signature);
      if (state?.confirmationStatus === undefined) return { kind: 'cannot_land' };
    }
    const outcome = await this.confirmer.drive(sent, {
      justSent: false,
      knownExpired: false,
      keepAlive,
      beforeResend: () => journal.markInFlight(),
      refusalThrows: false,
      maxWaitMs: this.options.confirmWindowMs,
    });
    // Not asked for (no `until`): a processed transaction is waited on to its verdict.
    if (outcome.kind === 'processed') throw submitterError('settlement_pending', 'transaction not confirmed yet', { context: { signature: sent.signature } });
    return outcome;
  }
}

/**
 * A balance handle moved under every rebuild of this attempt (someone else keeps writing to one of
 * the accounts: the per-destination lock covers this facilitator's own transfers only). Never
 * terminal: nothing landed (each try reverted or was refused whole), and a charge answered in
 * batched mode was already served. The job backs off and tries again within the settlement's
 * deadline, like any other unavailability.
 */
function handlesKeptMoving(detail: string): QuietpayError {
  return submitterError('balance_handles_moved', `balance handles kept moving under the transfer: ${detail.slice(0, 300)}`);
}
