import { Injectable } from '@nestjs/common';
import { SessionStatus } from '@quietpay/contracts';
import { Base58AddressSchema } from '@quietpay/x402';
import type { Router } from 'express';
import { z } from 'zod';
import { AuditedAction } from '../audit/audited-action';
import { adminKeyIdOf, bodyOf, limitField, paramsOf, queryOf } from '../http/admin-request';
import type { AdminRoutes } from '../http/admin-routes.port';
import { LedgerAdminClient } from '../ports/ledger-admin.client';
import { SessionDetailUseCase } from './session-detail.usecase';
import { toSessionSummary } from './session-summary';

const STATES = {
  active: SessionStatus.ACTIVE,
  closed: SessionStatus.CLOSED,
  expired: SessionStatus.EXPIRED,
  revoked: SessionStatus.REVOKED,
  suspended: SessionStatus.SUSPENDED,
} as const;

const ListQuery = z.strictObject({
  payer: Base58AddressSchema.optional(),
  recipient: Base58AddressSchema.optional(),
  state: z.enum(['active', 'closed', 'expired', 'revoked', 'suspended']).optional(),
  // The seed-compatible (legacy) sessions only, or quietpay's only; absent: both.
  legacy: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  limit: limitField(200, 50),
  cursor: z
    .string()
    .regex(/^\d{1,24}$/, 'must be the nextCursor of a previous page')
    .optional(),
});
export const SessionIdParams = z.object({ sessionId: z.string().regex(/^[A-Za-z0-9_-]{1,128}$/, 'must be a session id') });
const CloseBody = z.strictObject({ reason: z.string().trim().min(1).max(200) });

const nowUnix = () => Math.floor(Date.now() / 1000);

/** Sessions: list/search, one session with its charges and settlements, and the operator's close. */
@Injectable()
export class SessionAdminRoutes implements AdminRoutes {
  constructor(
    private readonly ledger: LedgerAdminClient,
    private readonly detail: SessionDetailUseCase,
    private readonly actions: AuditedAction,
  ) {}

  mount(router: Router): void {
    router.get('/sessions', async (req, res) => {
      const q = queryOf(ListQuery, req);
      const page = await this.ledger.list({
        payer: q.payer ?? '',
        recipient: q.recipient ?? '',
        status: q.state === undefined ? SessionStatus.UNSPECIFIED : STATES[q.state],
        limit: q.limit,
        cursor: q.cursor ?? '',
        ...(q.legacy === undefined ? {} : { legacy: q.legacy }),
      });
      const now = nowUnix();
      res.json({ items: page.sessions.map((s) => toSessionSummary(s, now)), ...(page.nextCursor === '' ? {} : { nextCursor: page.nextCursor }) });
    });
    router.get('/sessions/:sessionId', async (req, res) => {
      const { sessionId } = paramsOf(SessionIdParams, req);
      res.json(await this.detail.execute(sessionId, nowUnix()));
    });
    router.post('/sessions/:sessionId/close', async (req, res) => {
      const { sessionId } = paramsOf(SessionIdParams, req);
      const { reason } = bodyOf(CloseBody, req);
      const keyId = adminKeyIdOf(res);
      const done = await this.actions.run({
        keyId,
        action: 'session.close',
        target: sessionId,
        run: async () => {
          await this.ledger.close(sessionId, reason, keyId);
          // Re-read as a listing so the answer has the same shape (and legacy flag) as GET /sessions.
          return toSessionSummary(await this.ledger.listing(sessionId), nowUnix());
        },
        summarize: (s) => `state=${s.state} spent=${s.spent}`,
      });
      res.json(done);
    });
  }
}
