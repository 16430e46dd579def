import { Injectable } from '@nestjs/common';
import { type ReconcileReport, SettlementReconcileV1 } from '@quietpay/contracts';
import { BusClient, unwrapReply } from '@quietpay/platform';

// A pass looks at up to 500 open settlements, each a Redis read and maybe a job: allow it time.
const RECONCILE_TIMEOUT_MS = 60_000;

/** The admin API's port to the submitter's reconciler (quietpay.settlement.reconcile.v1). */
@Injectable()
export class ReconcilerClient {
  constructor(private readonly bus: BusClient) {}

  async runOnce(olderThanSeconds: number): Promise<ReconcileReport> {
    return unwrapReply(await this.bus.request(SettlementReconcileV1, { olderThanSeconds }, { timeoutMs: RECONCILE_TIMEOUT_MS }), SettlementReconcileV1.subject);
  }
}
