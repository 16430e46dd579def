import { Injectable } from '@nestjs/common';
import type { BatchTransaction, BindBatchTransactionRequest } from '@quietpay/contracts';
import { BatchTransactions } from '../ledger/batch-transactions.repository';
import { ledgerError } from '../shared/ledger.errors';

/**
 * Binds a batch's latest authorization (or a per-call charge's, `ownCharge`) to the one transaction
 * signed under it, before anything is sent. The answer is the transaction to send: the caller's, or the one bound first by another
 * attempt (the caller's must then never be sent). An authorization replaced by a later one is
 * refused (`batch_attempt_superseded`): the caller lost the batch to another worker and stops.
 */
@Injectable()
export class BindBatchTransactionUseCase {
  constructor(private readonly transactions: BatchTransactions) {}

  async execute(request: BindBatchTransactionRequest): Promise<BatchTransaction> {
    const { signature, signedTxBase64, lastValidBlockHeight } = request.transaction ?? { signature: '', signedTxBase64: '', lastValidBlockHeight: '0' };
    if (signature === '' || signedTxBase64 === '') throw ledgerError('invalid_request', 'a batch transaction needs its signature and bytes');
    const token = Buffer.from(request.authorizationSignature).toString('base64');
    const transfer = request.ownCharge ? { ownChargeOf: request.batchId } : { batchId: request.batchId };
    const outcome = await this.transactions.bind(request.sessionId, transfer, token, { signature, signedTxBase64, lastValidBlockHeight });
    if ('superseded' in outcome) {
      throw ledgerError('batch_attempt_superseded', 'a later authorization of this transfer replaced this one; its transaction must not be sent', {
        context: { batchId: request.batchId },
      });
    }
    return outcome.bound;
  }
}
