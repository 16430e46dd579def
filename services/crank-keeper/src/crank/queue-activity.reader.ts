import { parsePrivateSettlements, type SolanaProgramIds } from '@quietpay/solana';
import { Connection, PublicKey } from '@solana/web3.js';
import type { QueueActivity } from './crank-health.policy';

/**
 * Reads the queue's recent history from the base chain: every transaction on the queue PDA is
 * either an enqueue or a settlement, so enqueues newer than the newest settlement are entries
 * the crank has not drained yet.
 */
export class QueueActivityReader {
  constructor(
    private readonly connection: Connection,
    private readonly ids: Pick<SolanaProgramIds, 'ephemeralSpl' | 'delegation'>,
    private readonly recent: number,
  ) {}

  async read(queue: string, nowMs: number): Promise<QueueActivity> {
    const sigs = await this.connection.getSignaturesForAddress(new PublicKey(queue), { limit: this.recent }, 'confirmed');
    let oldestPendingAtMs: number | undefined;
    for (const s of sigs.filter((x) => x.err === null)) {
      const tx = await this.connection.getTransaction(s.signature, { maxSupportedTransactionVersion: 0, commitment: 'confirmed' });
      const atMs = (tx?.blockTime ?? s.blockTime ?? Math.floor(nowMs / 1000)) * 1000;
      if (parsePrivateSettlements(tx, this.ids).ok) return { oldestPendingAtMs, lastSettlementAtMs: atMs };
      oldestPendingAtMs = atMs;
    }
    return { oldestPendingAtMs, lastSettlementAtMs: undefined };
  }
}
