import type { ObservedPayment } from '@quietpay/contracts';
import type { SettlementParseResult } from '@quietpay/solana';
import type { Logger } from 'pino';
import { chainPollerError } from '../chain-poller.errors';
import type { ObservedPaymentPublisher } from '../payments/payment-observed.publisher';
import type { PaymentIndex } from '../payments/payment-index.port';
import type { ChainReader, FetchedTransaction } from '../solana/chain-reader.port';
import type { WatermarkStore } from '../watermark/watermark.port';
import { collectNewSignatures } from './new-signatures.collector';
import { chunk, planApplyOrder, type PlannedSignature } from './poll-plan';

export interface PollQueueOptions {
  readonly fetchConcurrency: number;
  readonly pageLimit: number;
  /** parsePrivateSettlements bound to the configured program ids. */
  readonly parse: (getTransactionResult: unknown) => SettlementParseResult;
}

export interface PollQueueResult {
  readonly transactions: number;
  readonly observed: number;
  readonly conflicts: number;
}

// Rejections that only mean "this queue transaction is not a settlement" (enqueues, failed txs).
const EXPECTED_REJECTIONS = new Set(['not_a_settlement', 'transaction_failed']);

/**
 * One pass over one watched address: everything newer than its watermark, applied oldest
 * first in chunks fetched in parallel. The watermark moves to a chunk's last signature only
 * after every payment in the chunk is indexed and published, so a crash anywhere re-applies
 * at most one chunk, and re-applying is harmless (parts keyed by signature, event de-dup by message id).
 */
export class PollQueueUseCase {
  constructor(
    private readonly reader: ChainReader,
    private readonly watermarks: WatermarkStore,
    private readonly index: PaymentIndex,
    private readonly publisher: ObservedPaymentPublisher,
    private readonly options: PollQueueOptions,
    private readonly logger: Logger,
  ) {}

  async execute(address: string): Promise<PollQueueResult> {
    const watermark = await this.watermarks.get(address);
    const newestFirst = await collectNewSignatures(this.reader, address, watermark?.signature, this.options.pageLimit);
    const result = { transactions: 0, observed: 0, conflicts: 0 };
    for (const part of chunk(planApplyOrder(newestFirst), this.options.fetchConcurrency)) {
      const fetched = await Promise.all(part.map((ref) => (ref.failed ? undefined : this.reader.getTransaction(ref.signature))));
      for (const [i, ref] of part.entries()) {
        const applied = await this.applyOne(ref, fetched[i]);
        result.observed += applied.observed;
        result.conflicts += applied.conflicts;
      }
      const last = part[part.length - 1];
      if (last) await this.watermarks.advance(address, { signature: last.signature, slot: last.slot });
      result.transactions += part.length;
    }
    return result;
  }

  private async applyOne(ref: PlannedSignature, tx: FetchedTransaction | undefined): Promise<{ observed: number; conflicts: number }> {
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
      const outcome = await this.index.record(payment);
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
      await this.publisher.publish(payment);
      if (outcome !== 'replayed') observed += 1;
    }
    return { observed, conflicts };
  }
}
