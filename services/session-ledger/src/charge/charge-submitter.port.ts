import type { SubmissionReceipt, SubmitSettlementRequest } from '@quietpay/contracts';

/** The submitter, as the ledger reaches it: the one way a reserved charge is handed over for settlement. */
export interface ChargeSubmitter {
  /** Refusals and transport failures throw QuietpayError (retryable says which). */
  submit(request: SubmitSettlementRequest, timeoutMs: number): Promise<SubmissionReceipt>;
}

export const CHARGE_SUBMITTER = Symbol('CHARGE_SUBMITTER');
