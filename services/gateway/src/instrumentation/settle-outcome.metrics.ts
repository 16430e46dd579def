import { settlementsTotal } from '@quietpay/platform';
import type { SettleAnswer } from '../schemes/facilitator-scheme.port';

/**
 * Counts a `/settle` answer in `quietpay_settlements_total{scheme,outcome}`: `settled`, `pending`
 * (accepted, not yet on chain), `rejected` (a refusal with a reason) or `error` (thrown). The
 * scheme label is only ever an offered scheme's name, so a caller cannot mint series.
 */
export async function countSettlement(offered: (scheme: string) => boolean, scheme: string, settle: () => Promise<SettleAnswer>): Promise<SettleAnswer> {
  const label = offered(scheme) ? scheme : 'unsupported';
  try {
    const answer = await settle();
    const outcome = answer.success ? 'settled' : answer.errorReason === 'settlement_pending' ? 'pending' : 'rejected';
    settlementsTotal.inc({ scheme: label, outcome });
    return answer;
  } catch (error) {
    settlementsTotal.inc({ scheme: label, outcome: 'error' });
    throw error;
  }
}
