import type { Provider } from '@nestjs/common';
import { AdminAuditLog } from './audit/admin-audit.log';
import { AuditedAction } from './audit/audited-action';
import { AdminHttpServer } from './http/admin.server';
import { ADMIN_ROUTES, type AdminRoutes } from './http/admin-routes.port';
import { ReconcileAdminRoutes } from './actions/reconcile.routes';
import { RecipientAdminRoutes } from './actions/recipients.routes';
import { BalanceAdminRoutes } from './balances/balances.routes';
import { EventAdminRoutes } from './events/events.routes';
import { JetStreamFeed } from './events/jetstream-feed';
import { MetricsAdminRoutes } from './metrics/metrics.routes';
import { MetricsSampler } from './metrics/metrics-sampler';
import { LedgerAdminClient } from './ports/ledger-admin.client';
import { AdminBus } from './ports/admin-bus';
import { ReconcilerClient } from './ports/reconciler.client';
import { RecipientsAdminClient } from './ports/recipients-admin.client';
import { SessionDetailUseCase } from './sessions/session-detail.usecase';
import { SessionAdminRoutes } from './sessions/sessions.routes';
import { SettlementReceiptUseCase } from './settlements/settlement-receipt.usecase';
import { SettlementAdminRoutes } from './settlements/settlements.routes';
import { SystemAdminRoutes } from './system.routes';

/** Every admin route group (the OpenAPI spec checks docs/admin-api.yaml against what they mount). */
export const ADMIN_ROUTE_GROUPS = [
  SystemAdminRoutes,
  SessionAdminRoutes,
  SettlementAdminRoutes,
  EventAdminRoutes,
  BalanceAdminRoutes,
  ReconcileAdminRoutes,
  RecipientAdminRoutes,
  MetricsAdminRoutes,
];

/**
 * The admin API's providers, spread into AppModule so route groups reuse the gateway's bus
 * clients and use cases. AdminHttpServer listens only when ADMIN_KEYS_FILE is set.
 */
export const ADMIN_PROVIDERS: Provider[] = [
  AdminAuditLog,
  AuditedAction,
  LedgerAdminClient,
  ReconcilerClient,
  AdminBus,
  RecipientsAdminClient,
  JetStreamFeed,
  SessionDetailUseCase,
  SettlementReceiptUseCase,
  MetricsSampler,
  ...ADMIN_ROUTE_GROUPS,
  { provide: ADMIN_ROUTES, inject: ADMIN_ROUTE_GROUPS, useFactory: (...groups: AdminRoutes[]) => groups },
  AdminHttpServer,
];
