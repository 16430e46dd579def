import { metricsRegistry, type SettlementFailureReason } from '@quietpay/platform';
import { Counter } from 'prom-client';

/**
 * Charges that were answered success and served, then failed to settle (batched mode: a flush
 * that failed terminally). Each is money the merchant did not receive for a call it served: the
 * monitoring pack should page on any increase. Also visible per charge as `settlement.failed`.
 */
const servedUnpaidCharges = new Counter({
  name: 'quietpay_batched_charges_failed_total',
  help: 'Batched charges (already served) released after a terminal flush failure, by reason.',
  labelNames: ['reason'],
  registers: [metricsRegistry],
});

/** Counts `charges` served-unpaid charges under their failure reason (the label's closed set). */
export function countServedUnpaid(reason: SettlementFailureReason, charges: number): void {
  servedUnpaidCharges.inc({ reason }, charges);
}
