import { Injectable } from '@nestjs/common';
import type { Router } from 'express';
import { z } from 'zod';
import { SystemHealthUseCase } from '../health/system-health.usecase';
import { AdminAuditLog } from './audit/admin-audit.log';
import { adminKeyIdOf, limitField, queryOf } from './http/admin-request';
import type { AdminRoutes } from './http/admin-routes.port';

const AuditQuery = z.object({
  limit: limitField(500, 100),
  before: z
    .string()
    .regex(/^\d{1,20}-\d{1,20}$/, 'must be an audit entry id')
    .optional(),
});

/** whoami, service health and the audit log. */
@Injectable()
export class SystemAdminRoutes implements AdminRoutes {
  constructor(
    private readonly health: SystemHealthUseCase,
    private readonly audit: AdminAuditLog,
  ) {}

  mount(router: Router): void {
    router.get('/whoami', (_req, res) => {
      res.json({ keyId: adminKeyIdOf(res) });
    });
    router.get('/health', async (_req, res) => {
      const health = await this.health.execute();
      res.status(health.ready ? 200 : 503).json(health);
    });
    router.get('/audit', async (req, res) => {
      const { limit, before } = queryOf(AuditQuery, req);
      res.json({ items: await this.audit.list(limit, before) });
    });
  }
}
