import type { RedisClient } from '@quietpay/platform';
import { BIND_BATCH_TRANSACTION_SCRIPT, OPEN_BATCH_ATTEMPT_SCRIPT } from './batch-transaction.lua';
import { ledgerKeys, type TransferRef } from './ledger.keys';

/** A batch transfer as signed: what is sent, and until when it can land. */
export interface BoundTransaction {
  readonly signature: string;
  readonly signedTxBase64: string;
  readonly lastValidBlockHeight: string;
}

export type OpenAttemptOutcome = { readonly opened: true } | { readonly opened: false; readonly bound: BoundTransaction };
export type BindOutcome = { readonly bound: BoundTransaction } | { readonly superseded: true };

/**
 * The batch-transaction scripts (batch-transaction.lua.ts) over one session's keys: one transaction
 * at a time per transfer, a batch's or a per-call charge's own (`TransferRef`).
 */
export class BatchTransactions {
  constructor(
    private readonly redis: RedisClient,
    private readonly prefix: string,
  ) {}

  /** `token` identifies the new authorization; `expiredSignature` names the bound transaction it replaces. */
  async open(sessionId: string, transfer: TransferRef, token: string, expiredSignature: string): Promise<OpenAttemptOutcome> {
    const keys = ledgerKeys(this.prefix, sessionId);
    const reply = (await this.redis.eval(OPEN_BATCH_ATTEMPT_SCRIPT, 2, keys.transferAttempt(transfer), keys.session, token, expiredSignature)) as string[];
    return reply[0] === 'ok' ? { opened: true } : { opened: false, bound: boundOf(reply) };
  }

  async bind(sessionId: string, transfer: TransferRef, token: string, transaction: BoundTransaction): Promise<BindOutcome> {
    const key = ledgerKeys(this.prefix, sessionId).transferAttempt(transfer);
    const reply = (await this.redis.eval(
      BIND_BATCH_TRANSACTION_SCRIPT,
      1,
      key,
      token,
      transaction.signature,
      transaction.signedTxBase64,
      transaction.lastValidBlockHeight,
    )) as string[];
    return reply[0] === 'bound' ? { bound: boundOf(reply) } : { superseded: true };
  }
}

function boundOf(reply: readonly string[]): BoundTransaction {
  return { signature: reply[1] ?? '', signedTxBase64: reply[2] ?? '', lastValidBlockHeight: reply[3] ?? '0' };
}
