import type { SettlementRoute, SubmitSettlementRequest } from '@quietpay/contracts';

/** Where a settlement pays from and to (adapter: worker/route.resolver.ts, reads session-ledger). */
export interface SettlementRoutes {
  resolve(request: Pick<SubmitSettlementRequest, 'sessionId'>): Promise<SettlementRoute>;
}

export const SETTLEMENT_ROUTES = Symbol('SettlementRoutes');
