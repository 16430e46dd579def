import type { ObservedPayment } from '@quietpay/contracts';
import { BoundedCache } from '@quietpay/platform';
import type { SettlementParseResult } from '@quietpay/solana';
import type { Logger } from 'pino';
import { chainPollerError } from '../chain-poller.errors';
import type { ObservedPaymentPublisher } from '../payments/payment-observed.publisher';
import type { PaymentIndex } from '../payments/payment-index.port';
import type { ChainReader, FetchedTransaction } from '../solana/chain-reader.port';
import type { WatermarkStore } from '../watermark/watermark.port';
import { collectNewSignatures } from './new-signatures.collector';
import { chunk, planApplyOrder, type PlannedSignature } from './poll-plan';
import { PollTimings } from './poll-timings';

export interface PollQueueOptions {
  readonly fetchConcurrency: number;
  readonly pageLimit: number;
  /** A notification whose window holds more unapplied signatures than this is left to the poll. */
  readonly maxNotifiedFetches: number;
  /** parsePrivateSettlements bound to the configured program ids. */
  readonly parse: (getTransactionResult: unknown) => SettlementParseResult;
}

export interface PollQueueResult {
  readonly transactions: number;
  readonly observed: number;
  readonly conflicts: number;
}

/** signature → may it hold a settlement (true), or did its notification show none (false); undefined: not notified. */
export interface NotifiedSignatures {
  get(signature: string): boolean | undefined;
  keys(): Iterable<string>;
}

export interface NotifiedOutcome {
  /** Signatures fetched and applied, oldest first (the next poll skips them). */
  readonly applied: string[];
  /** Notified signatures the address history does not list after the watermark (not yet, or never). */
  readonly unlisted: string[];
  /** Slot of the watermark the window started after: an unlisted signature at or below it was already polled. */
  readonly watermarkSlot: number | undefined;
  /** The window was longer than maxNotifiedFetches: nothing applied, the poll should run. */
  readonly deferred?: true;
}

/** Signatures applied from notifications that a poll need not fetch again (per replica, bounded). */
const APPLIED_REMEMBERED = 10_000;

// Rejections that only mean "this queue transaction is not a settlement" (enqueues, failed txs).
const EXPECTED_REJECTIONS = new Set(['not_a_settlement', 'transaction_failed']);

/**
 * One pass over one watched address: everything newer than its watermark, applied oldest
 * first in chunks fetched in parallel. The watermark moves to a chunk's last signature only
 * after every payment in the chunk is indexed and published, so a crash anywhere re-applies
 * at most one chunk, and re-applying is harmless (parts keyed by signature, event de-dup by message id).
 */
export class PollQueueUseCase {
  private readonly appliedFromNotifications = new BoundedCache<string, true>(APPLIED_REMEMBERED);
  private readonly notSettling = new BoundedCache<string, true>(APPLIED_REMEMBERED);

  constructor(
    private readonly reader: ChainReader,
    private readonly watermarks: WatermarkStore,
    private readonly index: PaymentIndex,
    private readonly publisher: ObservedPaymentPublisher,
    private readonly options: PollQueueOptions,
    private readonly logger: Logger,
  ) {}

  async execute(address: string, timings = new PollTimings()): Promise<PollQueueResult> {
    const watermark = await timings.time('watermark', () => this.watermarks.get(address));
    const newestFirst = await timings.time('signatures', () => collectNewSignatures(this.reader, address, watermark?.signature, this.options.pageLimit));
    const result = { transactions: 0, observed: 0, conflicts: 0 };
    for (const part of chunk(planApplyOrder(newestFirst), this.options.fetchConcurrency)) {
      // A signature a notification already applied (same plan, same parse, same index writes), or
      // whose notified logs showed it cannot parse as a settlement, is not fetched; the poll only
      // moves the watermark past it.
      const skip = (ref: PlannedSignature): boolean =>
        ref.failed || this.appliedFromNotifications.get(ref.signature) !== undefined || this.notSettling.get(ref.signature) !== undefined;
      const fetched = await timings.time('fetch', () => Promise.all(part.map((ref) => (skip(ref) ? undefined : this.reader.getTransaction(ref.signature)))));
      for (const [i, ref] of part.entries()) {
        const applied = await this.applyOne(ref, fetched[i], timings);
        result.observed += applied.observed;
        result.conflicts += applied.conflicts;
      }
      const last = part[part.length - 1];
      if (last) await timings.time('watermark', () => this.watermarks.advance(address, { signature: last.signature, slot: last.slot }));
      result.transactions += part.length;
    }
    return result;
  }

  /**
   * A notification showed this transaction's logs, and they have no delegation-program frame: the
   * parser (which reads the same logs from getTransaction) cannot find a settlement in it, so
   * neither a notified window nor the poll fetches it. Without a notification it is fetched as before.
   */
  markNotSettling(signature: string): void {
    this.notSettling.set(signature, true);
  }

  /**
   * Applies notified transactions before the next poll, as that poll would: the same window (after
   * the watermark), the same (slot, index) plan and the same record + publish. `notified` maps a
   * signature to whether its notification's logs may hold a settlement. Every listed signature up to
   * the newest notified settlement is applied oldest first, except those whose own notification
   * showed no settlement (an enqueue), so a missed notification for an earlier part of a split
   * payment cannot change which part is the pair's first. The watermark is left to the poll.
   */
  async applyNotified(address: string, notified: NotifiedSignatures, timings = new PollTimings('notification')): Promise<NotifiedOutcome> {
    const watermark = await timings.time('watermark', () => this.watermarks.get(address));
    const newestFirst = await timings.time('signatures', () => collectNewSignatures(this.reader, address, watermark?.signature, this.options.pageLimit));
    const plan = planApplyOrder(newestFirst);
    const listed = new Set(plan.map((ref) => ref.signature));
    const unlisted = [...notified.keys()].filter((signature) => !listed.has(signature));
    const pending = (ref: PlannedSignature): boolean => !ref.failed && this.appliedFromNotifications.get(ref.signature) === undefined;
    const last = plan.findLastIndex((ref) => notified.get(ref.signature) === true && pending(ref));
    const todo = plan.slice(0, last + 1).filter((ref) => pending(ref) && notified.get(ref.signature) !== false);
    const watermarkSlot = watermark?.slot;
    if (todo.length > this.options.maxNotifiedFetches) return { applied: [], unlisted, watermarkSlot, deferred: true };
    const applied: string[] = [];
    for (const part of chunk(todo, this.options.fetchConcurrency)) {
      const fetched = await timings.time('fetch', () => Promise.all(part.map((ref) => this.reader.getTransaction(ref.signature))));
      for (const [i, ref] of part.entries()) {
        await this.applyOne(ref, fetched[i], timings);
        this.appliedFromNotifications.set(ref.signature, true);
        applied.push(ref.signature);
      }
    }
    return { applied, unlisted, watermarkSlot };
  }

  private async applyOne(ref: PlannedSignature, tx: FetchedTransaction | undefined, timings: PollTimings): Promise<{ observed: number; conflicts: number }> {
    if (ref.failed || tx === undefined) return { observed: 0, conflicts: 0 };
    // Listed but not yet served by getTransaction: stop here so the watermark cannot pass it.
    if (tx.result === null || tx.result === undefined) {
      throw chainPollerError('rpc_error', 'listed transaction not available yet', { context: { signature: ref.signature } });
    }
    const parsed = this.options.parse(tx.result);
    if (!parsed.ok) {
      if (!EXPECTED_REJECTIONS.has(parsed.reason))
        this.logger.warn({ signature: ref.signature, reason: parsed.reason }, 'queue transaction not parsed as a settlement');
      return { observed: 0, conflicts: 0 };
    }
    let observed = 0;
    let conflicts = 0;
    for (const s of parsed.settlements) {
      const payment: ObservedPayment = {
        paymentId: s.clientRefId.toString(),
        signature: s.signature,
        slot: String(s.slot),
        index: ref.index,
        amount: s.amount.toString(),
        recipient: s.recipientOwner,
        mint: s.mint,
        blockTimeUnix: tx.blockTime ?? 0,
      };
      const outcome = await timings.time('index', () => this.index.record(payment));
      if (outcome === 'conflict') {
        conflicts += 1;
        this.logger.warn(
          { paymentId: payment.paymentId, recipient: payment.recipient, signature: payment.signature },
          'payment id reused in another mint: first settlement kept',
        );
        continue;
      }
      // One event per settlement transaction (a split's parts each get theirs, with the part's
      // amount). A replay republishes too: the crash may have come between indexing and publishing.
      await timings.time('publish', () => this.publisher.publish(payment));
      if (outcome !== 'replayed') observed += 1;
    }
    return { observed, conflicts };
  }
}
