import { Injectable } from '@nestjs/common';
import type { Router } from 'express';
import { z } from 'zod';
import { paramsOf } from '../http/admin-request';
import type { AdminRoutes } from '../http/admin-routes.port';
import { SettlementReceiptUseCase } from './settlement-receipt.usecase';

const Params = z.object({ settlementId: z.string().regex(/^[A-Za-z0-9.:_-]{1,200}$/, 'must be a settlement id') });

/** One settlement's receipt: on-chain signature and batch membership. */
@Injectable()
export class SettlementAdminRoutes implements AdminRoutes {
  constructor(private readonly receipts: SettlementReceiptUseCase) {}

  mount(router: Router): void {
    router.get('/settlements/:settlementId', async (req, res) => {
      const { settlementId } = paramsOf(Params, req);
      res.json(await this.receipts.execute(settlementId));
    });
  }
}
