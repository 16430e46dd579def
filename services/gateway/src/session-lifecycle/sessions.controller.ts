import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post, Req } from '@nestjs/common';
import { SERVICE_CONFIG } from '@quietpay/platform';
import type { Request } from 'express';
import type { GatewayConfig } from '../config.schema';
import { parseOr400 } from '../http/parse-body';
import { requestClientIp } from '../rate-limit/request-client-ip';
import { CloseSessionBodySchema, OpenSessionBodySchema, SessionIdSchema } from './open-session.body';
import { OpenSessionUseCase } from './open-session.usecase';
import { isSeedShapedOpen, SeedOpenSessionBodySchema } from './seed-open-session.body';
import { SeedOpenSessionUseCase } from './seed-open-session.usecase';
import { SessionQueryUseCase } from './session-query.usecase';
import type { SessionView } from './session.view';

/**
 * Session lifecycle for users (the SDK). Not behind API keys: the user's wallet signature is the
 * authorisation for opening and the session key's signature for closing. Session ids are seen by
 * every resource server a session pays, so an id alone only reads.
 */
@Controller('sessions')
export class SessionsController {
  constructor(
    private readonly openSession: OpenSessionUseCase,
    private readonly seedOpenSession: SeedOpenSessionUseCase,
    private readonly sessions: SessionQueryUseCase,
    @Inject(SERVICE_CONFIG) private readonly config: GatewayConfig,
  ) {}

  @Post()
  @HttpCode(201)
  open(@Body() body: unknown, @Req() request: Request): Promise<SessionView> {
    const clientIp = requestClientIp(request, this.config.GATEWAY_TRUSTED_PROXIES);
    // The seed's SDK (solana-x402-sessions) opens legacy sessions; session-ledger refuses them
    // unless the operator enabled legacy mode.
    if (isSeedShapedOpen(body)) return this.seedOpenSession.execute(parseOr400(SeedOpenSessionBodySchema, body), clientIp);
    return this.openSession.execute(parseOr400(OpenSessionBodySchema, body), clientIp);
  }

  @Get(':id')
  get(@Param('id') id: string): Promise<SessionView> {
    return this.sessions.get(parseOr400(SessionIdSchema, id));
  }

  @Delete(':id')
  close(@Param('id') id: string, @Body() body: unknown): Promise<SessionView> {
    return this.sessions.close(parseOr400(SessionIdSchema, id), parseOr400(CloseSessionBodySchema, body ?? {}));
  }
}
