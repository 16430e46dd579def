import { PublicKey } from '@solana/web3.js';
import { transferQueueAddress, type SolanaProgramIds } from '@quietpay/solana';
import type { Logger } from 'pino';
import { z } from 'zod';

const mintInitializedSchema = z.object({ transferQueue: z.string().min(32) });

export interface QueueTarget {
  readonly mint: string;
  readonly validator: string;
  readonly paymentsApiUrl: string;
  readonly cluster: string;
}

/**
 * The transfer-queue PDA to watch for a mint: the one the payments API names (PROTOCOLS §3:
 * prefer it), else the derived ["queue", mint, validator] address when the API cannot answer,
 * so a payments-API outage does not stop the poller from seeing settlements.
 */
export async function resolveTransferQueue(target: QueueTarget, ids: Pick<SolanaProgramIds, 'ephemeralSpl'>, logger: Logger): Promise<string> {
  const derived = transferQueueAddress(ids, new PublicKey(target.mint), new PublicKey(target.validator)).toBase58();
  const query = new URLSearchParams({ mint: target.mint, cluster: target.cluster, validator: target.validator });
  try {
    const res = await fetch(`${target.paymentsApiUrl.replace(/\/$/, '')}/v1/spl/is-mint-initialized?${query.toString()}`);
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    const { transferQueue } = mintInitializedSchema.parse(await res.json());
    if (transferQueue !== derived)
      logger.warn({ mint: target.mint, transferQueue, derived }, 'payments API queue differs from the derived PDA; using the API one');
    return transferQueue;
  } catch (err) {
    logger.warn({ err, mint: target.mint, derived }, 'payments API did not name the transfer queue; using the derived PDA');
    return derived;
  }
}
