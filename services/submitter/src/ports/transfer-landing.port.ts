import type { SentAttempt } from '../settlement/settlement.store';
import type { BuiltAttempt, FinalVerdict, LandedTransfer, TransferJournal } from '../worker/transfer-driver';

/** Lands one transfer on chain, or says whether one already sent can still land (adapter: worker/transfer-driver.ts over RPC). */
export interface TransferLanding {
  land(
    key: string,
    previous: SentAttempt | undefined,
    buildAndSign: (dead: SentAttempt | undefined) => Promise<BuiltAttempt>,
    journal: TransferJournal,
    keepAlive: () => Promise<void>,
    until?: 'processed' | 'confirmed',
  ): Promise<LandedTransfer>;
  finalVerdict(sent: SentAttempt, journal: TransferJournal, keepAlive: () => Promise<void>): Promise<FinalVerdict>;
}

export const TRANSFER_LANDING = Symbol('TransferLanding');
