import type { BatchRecords } from '../ports/batch-records.port';
import { Batch } from '../settlement/batch.store';
import { submitterError } from '../submitter.errors';
import { TransferJournal } from './transfer-driver';

/** An open batch's record, which a flush reads under the lock or after claiming it: gone means a bug or lost data, never "nothing to do". */
export async function readOpenBatch(batches: Pick<BatchRecords, 'get'>, batchId: string): Promise<Batch> {
  const batch = await batches.get(batchId);
  if (!batch) throw submitterError('batch_not_found', 'open batch record vanished', { context: { batchId } });
  return batch;
}

/** Where the driver records a batch's transfer as it goes (sent, refused, in flight), for a resumed flush to check first. */
export function batchTransferJournal(batches: Pick<BatchRecords, 'markSending' | 'setInFlight'>, batchId: string): TransferJournal {
  return {
    markSending: (sent) => batches.markSending(batchId, sent),
    markRefused: () => batches.setInFlight(batchId, false),
    markInFlight: () => batches.setInFlight(batchId, true),
  };
}
