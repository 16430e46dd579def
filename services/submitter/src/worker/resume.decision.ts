/** What the chain says about a signature we sent earlier. */
export interface SignatureState {
  /** undefined when the cluster has never seen it. */
  readonly confirmationStatus?: 'processed' | 'confirmed' | 'finalized' | undefined;
  /** The transaction error when it landed and failed. */
  readonly err?: unknown;
}

export type ResumeDecision = 'settled' | 'failed_on_chain' | 'wait' | 'resend' | 'rebuild';

/**
 * Before sending anything for a settlement that already sent a transaction, decide from the
 * chain: a landed transaction is never paid twice, one that may still land is re-sent as-is (same
 * signature, so it can land at most once), and only a transaction whose blockhash has expired
 * without landing is rebuilt and re-signed.
 */
export function decideResume(state: SignatureState | undefined, blockHeight: number, lastValidBlockHeight: number): ResumeDecision {
  if (state?.confirmationStatus !== undefined) {
    if (state.err !== undefined && state.err !== null) return 'failed_on_chain';
    return state.confirmationStatus === 'processed' ? 'wait' : 'settled';
  }
  return blockHeight > lastValidBlockHeight ? 'rebuild' : 'resend';
}
