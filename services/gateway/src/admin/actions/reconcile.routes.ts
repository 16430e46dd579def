import { Injectable } from '@nestjs/common';
import type { Router } from 'express';
import { z } from 'zod';
import { AuditedAction } from '../audit/audited-action';
import { adminKeyIdOf, bodyOf } from '../http/admin-request';
import type { AdminRoutes } from '../http/admin-routes.port';
import { ReconcilerClient } from '../ports/reconciler.client';

const Body = z.strictObject({
  // Only settlements open at least this long; absent or 0: the submitter's configured bound.
  olderThanSeconds: z
    .number()
    .int()
    .min(0)
    .max(30 * 24 * 3600)
    .optional(),
});

/** Runs the submitter's reconciler once and reports what it repaired. Audited. */
@Injectable()
export class ReconcileAdminRoutes implements AdminRoutes {
  constructor(
    private readonly reconciler: ReconcilerClient,
    private readonly actions: AuditedAction,
  ) {}

  mount(router: Router): void {
    router.post('/reconcile', async (req, res) => {
      const { olderThanSeconds = 0 } = bodyOf(Body, req);
      const done = await this.actions.run({
        keyId: adminKeyIdOf(res),
        action: 'reconcile',
        target: '-',
        run: () => this.reconciler.runOnce(olderThanSeconds),
        summarize: (r) => `examined=${r.examined} repaired=${r.repaired}${r.repaired > 0 ? ` ids=${r.repairedSettlementIds.join(',')}` : ''}`,
      });
      res.json(done);
    });
  }
}
