import { SettlementStatus, type SubmissionReceipt } from './gen/registry';

/**
 * Whether a batched-mode hand-off is answered success at once (the gateway's /settle) and so may
 * claim the charge's serve (the ledger's SettleCharge): settled, or accepted and not failed. One
 * definition for both sides, because a serve claimed for an answer that is not a success is a
 * call charged and never served.
 *
 * @example
 * batchedHandOffServes({ ...receipt, accepted: true, status: SettlementStatus.QUEUED }); // true
 */
export function batchedHandOffServes(receipt: Pick<SubmissionReceipt, 'accepted' | 'status'>): boolean {
  if (receipt.status === SettlementStatus.SETTLED) return true;
  if (receipt.status === SettlementStatus.FAILED) return false;
  return receipt.accepted;
}
