import { QuietpayError } from '@quietpay/platform';
import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';
import { ApiError, type ApiErrorBody } from '../../http/api-error';
import { apiErrorFromQuietpayError } from '../../http/error-status.mapper';
import { loggableError, truncateForLog } from '../../http/loggable';

interface BodyParserError {
  readonly status?: number;
  readonly type?: string;
}

// body-parser's failures carry a `type`; they are the client's fault.
function fromBodyParser(error: BodyParserError): ApiError | undefined {
  if (error.type === 'entity.too.large') return new ApiError('payload_too_large', 'request body too large');
  if (error.type === 'entity.parse.failed') return new ApiError('malformed_json', 'request body is not valid JSON');
  if (typeof error.type === 'string' && typeof error.status === 'number' && error.status < 500)
    return new ApiError('invalid_request', 'unreadable request body');
  return undefined;
}

export function toAdminApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof QuietpayError) return apiErrorFromQuietpayError(error);
  if (typeof error === 'object' && error !== null) return fromBodyParser(error as BodyParserError) ?? new ApiError('internal', 'internal error');
  return new ApiError('internal', 'internal error');
}

/**
 * Renders every admin failure as `{error, message}`; a 5xx never echoes internals. The request's
 * path and the message (which may quote it) are the caller's strings: logged truncated, and only
 * at warn; an error-level line names the matched route's pattern, never the raw path.
 */
export function adminErrorHandler(logger: Logger) {
  return function adminErrors(error: unknown, req: Request, res: Response, _next: NextFunction): void {
    const api = toAdminApiError(error);
    if (api.status >= 500) logger.error({ err: loggableError(error), method: req.method, route: routePattern(req) }, 'admin request failed');
    else logger.warn({ status: api.status, code: api.code, path: truncateForLog(req.path), reason: truncateForLog(api.message) }, 'admin request refused');
    if (res.headersSent) return;
    const body: ApiErrorBody = { ...api.extras.fields, error: api.code, message: api.message };
    res.status(api.status).json(body);
  };
}

/** The pattern of the route that failed (`/sessions/:id`), set by Express; none when no route matched. */
function routePattern(req: Request): string {
  const route: unknown = req.route;
  const path = typeof route === 'object' && route !== null ? (route as { path?: unknown }).path : undefined;
  return typeof path === 'string' ? path : 'unmatched';
}
