import { BoundedCache } from '@quietpay/platform';
import type { Logger } from 'pino';
import type { ChainNotice } from './chain-wake.subscriber';
import type { PollQueueUseCase } from './poll-queue.usecase';
import { PollTimings } from './poll-timings';

/**
 * A notified signature the address history does not list yet (an RPC node can notify before its
 * getSignaturesForAddress shows it) is looked for again this many times, this far apart, before the
 * poll is left to find it.
 */
const UNLISTED_RETRIES = 3;
const UNLISTED_RETRY_MS = 100;
/** Notified signatures remembered with what their logs showed (settlement or not), per replica. */
const NOTICES_REMEMBERED = 10_000;

interface Pending {
  readonly signatures: Set<string>;
  /** performance.now() when the oldest of them was notified. */
  readonly since: number;
}

/**
 * Indexes a settlement as soon as its notification arrives, beside any poll under way and with no
 * debounce: the notified transaction is fetched directly (PollQueueUseCase.applyNotified: the
 * poll's window, plan and record, so the index holds exactly what the poll would write, and the
 * poll then skips it). An enqueue's notification is only remembered as "no settlement here", so
 * neither this fetch nor the poll reads it (its logs are the ones the parser would read). Anything this path cannot do (a long backlog, an error, a signature
 * never listed) wakes the poll, which stays the source of truth.
 *
 * @example
 * const applier = new NotifiedSettlementsApplier(pollQueue, delegationProgramId, () => loop.wake(), logger);
 * subscriber = new ChainWakeSubscriber(url, queues, 'confirmed', (n) => (n ? applier.onNotice(n) : loop.wake()), logger);
 */
export class NotifiedSettlementsApplier {
  private readonly pending = new Map<string, Pending>();
  /** What each notified signature's logs showed (true = may hold a settlement) and its slot. */
  private readonly showed = new BoundedCache<string, { maySettle: boolean; slot: number | undefined }>(NOTICES_REMEMBERED);
  private readonly unlistedTries = new BoundedCache<string, number>(NOTICES_REMEMBERED);
  private running: Promise<void> | undefined;
  private stopping = false;
  private readonly settlementFrame: string;

  constructor(
    private readonly pollQueue: PollQueueUseCase,
    delegationProgramId: string,
    private readonly wakePoll: () => void,
    private readonly logger: Logger,
  ) {
    // A settlement is the crank's delegation-program instruction (the parser looks for the SPL frame
    // it invokes): a transaction whose logs lack this line cannot parse as one.
    this.settlementFrame = `Program ${delegationProgramId} invoke [1]`;
  }

  onNotice(notice: ChainNotice): void {
    if (this.stopping) return;
    // A failed transaction is skipped by the poll too: never a settlement.
    const maySettle = !notice.failed && notice.logs.includes(this.settlementFrame);
    this.showed.set(notice.signature, { maySettle, slot: notice.slot });
    if (maySettle) this.enqueue(notice.address, notice.signature);
    else this.pollQueue.markNotSettling(notice.signature);
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await this.running;
  }

  private enqueue(address: string, signature: string): void {
    const entry = this.pending.get(address) ?? { signatures: new Set<string>(), since: performance.now() };
    entry.signatures.add(signature);
    this.pending.set(address, entry);
    this.running ??= this.drain().finally(() => (this.running = undefined));
  }

  /** Rounds until nothing is pending; notifications arriving during a round join the next one. */
  private async drain(): Promise<void> {
    for (let next = this.pending.entries().next(); !this.stopping && !next.done; next = this.pending.entries().next()) {
      const [address, entry] = next.value;
      this.pending.delete(address);
      await this.applyRound(address, entry);
    }
  }

  private async applyRound(address: string, entry: Pending): Promise<void> {
    const timings = new PollTimings('notification');
    timings.add('wake_wait', performance.now() - entry.since);
    const view = { get: (s: string) => (entry.signatures.has(s) ? true : this.showed.get(s)?.maySettle), keys: () => entry.signatures };
    try {
      const outcome = await this.pollQueue.applyNotified(address, view, timings);
      timings.observe();
      if (outcome.deferred) {
        this.logger.debug({ address }, 'notified window too long; left to the poll');
        this.wakePoll();
      }
      for (const signature of outcome.unlisted) {
        // At or below the watermark's slot: a poll already applied that slot.
        const slot = this.showed.get(signature)?.slot;
        if (slot === undefined || outcome.watermarkSlot === undefined || slot > outcome.watermarkSlot) this.retryUnlisted(address, signature);
      }
    } catch (thrown) {
      this.logger.warn({ err: thrown, address }, 'notified transactions not applied; leaving them to the poll');
      this.wakePoll();
    }
  }

  private retryUnlisted(address: string, signature: string): void {
    const tries = (this.unlistedTries.get(signature) ?? 0) + 1;
    this.unlistedTries.set(signature, tries);
    if (tries > UNLISTED_RETRIES) return this.wakePoll();
    setTimeout(() => {
      if (!this.stopping) this.enqueue(address, signature);
    }, UNLISTED_RETRY_MS).unref();
  }
}
