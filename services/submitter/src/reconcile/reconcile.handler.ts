import { Controller } from '@nestjs/common';
import { ReconcileReply, ReconcileRequest, replyOk, SettlementReconcileV1 } from '@quietpay/contracts';
import { BusHandler } from '@quietpay/platform';
import { SettlementReconciler } from './settlement.reconciler';

@Controller()
export class ReconcileHandler {
  constructor(private readonly reconciler: SettlementReconciler) {}

  @BusHandler(SettlementReconcileV1)
  async handle(request: ReconcileRequest): Promise<ReconcileReply> {
    return replyOk(await this.reconciler.runOnce(request.olderThanSeconds));
  }
}
