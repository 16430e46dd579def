/**
 * Throws when this worker no longer owns the job (its BullMQ lock expired while it stalled, and
 * another worker took the job over): checked before a transaction is bound, i.e. before any send.
 */
export type JobOwnership = () => Promise<void>;
