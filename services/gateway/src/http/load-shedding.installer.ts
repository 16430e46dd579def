import { Inject, Injectable } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { SERVICE_CONFIG } from '@quietpay/platform';
import type { Application, NextFunction, Request, Response } from 'express';
import type { GatewayConfig } from '../config.schema';
import type { ApiErrorBody } from './api-error';

// Probes, scrapes and the operator's own surfaces are never shed: an overloaded gateway must still
// say so to its orchestrator, and the admin event stream holds its connection for minutes.
const NEVER_SHED = /^\/(health(\/|$)|metrics$|admin\/|console(\/|$))/;

/**
 * Bounds the requests one gateway process works on at once (MAX_IN_FLIGHT_REQUESTS). Past the
 * bound a request is answered at once with 503 `overloaded`, `Retry-After` and the usual
 * `{error, message, retryAfterSeconds}` body, before its body is read or anything is asked of
 * session-ledger: a shed /verify checked nothing and a shed /settle reserved and charged nothing,
 * so the caller may send the same payment again. Without the bound an overloaded process queues
 * without limit until its callers time out or their sockets reset (the bench saw ECONNRESET), and
 * a caller cannot tell whether its /settle took a charge.
 *
 * Installed after metrics and CORS (a shed answer is counted and readable by a browser) and before
 * the JSON body parser, in a provider constructor like the other installers.
 */
@Injectable()
export class LoadSheddingInstaller {
  /** Requests of this process between arrival and their response closing (tests read it). */
  private inFlight = 0;

  constructor(adapterHost: HttpAdapterHost, @Inject(SERVICE_CONFIG) config: GatewayConfig) {
    const limit = config.MAX_IN_FLIGHT_REQUESTS;
    if (limit === 0) return;
    const retryAfterSeconds = config.OVERLOAD_RETRY_AFTER_SECONDS;
    const body: ApiErrorBody = {
      error: 'overloaded',
      message: `this gateway is at its limit of ${limit} requests in flight; nothing was checked or charged, retry in ${retryAfterSeconds} s`,
      retryAfterSeconds,
    };
    const app = adapterHost.httpAdapter.getInstance<Application>();
    app.use((req: Request, res: Response, next: NextFunction): void => {
      if (NEVER_SHED.test(req.path)) return next();
      if (this.inFlight >= limit) {
        res.setHeader('Retry-After', String(retryAfterSeconds));
        res.status(503).json(body);
        return;
      }
      this.inFlight += 1;
      // 'close' fires once per response, whether it finished or the client went away.
      res.once('close', () => {
        this.inFlight -= 1;
      });
      next();
    });
  }
}
