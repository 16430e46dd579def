import type { SentAttempt } from '../settlement/settlement.store';
import type { FinalVerdict, TransferJournal } from '../worker/transfer-driver';

/** Lands one transfer on chain, or says whether one already sent can still land (adapter: worker/transfer-driver.ts over RPC). */
export interface TransferLanding {
  land(
    key: string,
    previous: SentAttempt | undefined,
    buildAndSign: () => Promise<SentAttempt>,
    journal: TransferJournal,
    keepAlive: () => Promise<void>,
  ): Promise<{ signature: string; slot: number | undefined }>;
  finalVerdict(sent: SentAttempt, journal: TransferJournal, keepAlive: () => Promise<void>): Promise<FinalVerdict>;
}

export const TRANSFER_LANDING = Symbol('TransferLanding');
