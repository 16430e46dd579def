import {
  LEDGER_ERROR_CODES,
  SUBMITTER_ERROR_CODES,
  TX_BUILDER_ERROR_CODES,
  type LedgerErrorCode,
  type SubmitterErrorCode,
  type TxBuilderErrorCode,
} from '@quietpay/contracts';
import { PLATFORM_ERROR_CLASSES, type PlatformErrorCode } from './error-code';

/**
 * THE closed set of reasons a settlement fails (or a reservation is released) for: the code of the
 * error that decided it, the submitter's own or one a peer it calls raised and it passed on
 * unchanged (session-ledger, tx-builder, the platform's transport codes), or `never_submitted`
 * (the reconciler released a reservation no submit reached). Recorded on the settlement
 * (`failureReason`), in `settlement.failed.v1`, as the ledger's release reason and as the
 * `reason` label of the submitter's metrics; spelled exactly as the codes are on the wire, so
 * records and receipts stored before this type existed parse unchanged.
 */
export type SettlementFailureReason = SubmitterErrorCode | LedgerErrorCode | TxBuilderErrorCode | PlatformErrorCode | 'never_submitted';

const REASONS: ReadonlySet<string> = new Set<SettlementFailureReason>([
  ...(Object.keys(SUBMITTER_ERROR_CODES) as SubmitterErrorCode[]),
  ...(Object.keys(LEDGER_ERROR_CODES) as LedgerErrorCode[]),
  ...(Object.keys(TX_BUILDER_ERROR_CODES) as TxBuilderErrorCode[]),
  ...(Object.keys(PLATFORM_ERROR_CLASSES) as PlatformErrorCode[]),
  'never_submitted',
]);

export function isSettlementFailureReason(text: string): text is SettlementFailureReason {
  return REASONS.has(text);
}

/**
 * A reason as read back from a record or a reply: '' (none: not failed) stays '', a member of the
 * set is itself, and anything else (a code of a newer peer, which no declared set holds) is
 * `unexpected_error`, the submitter's own name for a failure it does not recognise.
 */
export function settlementFailureReasonOf(text: string): SettlementFailureReason | '' {
  if (text === '') return '';
  return isSettlementFailureReason(text) ? text : 'unexpected_error';
}
