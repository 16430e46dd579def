import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Inject } from '@nestjs/common';
import { LOGGER, QuietpayError } from '@quietpay/platform';
import type { Response } from 'express';
import type { Logger } from 'pino';
import { ApiError, ApiErrorBody } from './api-error';
import type { ApiErrorCode } from './api-error-code';
import { apiErrorFromQuietpayError } from './error-status.mapper';
import { loggableError, truncateForLog } from './loggable';

const CODE_BY_STATUS: Readonly<Record<number, ApiErrorCode>> = {
  400: 'invalid_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
};

/**
 * Renders every failure as `{error, message}` with the right status, so clients never see Nest's
 * or Express's default shapes (or HTML) and a 5xx never leaks internals.
 */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  constructor(@Inject(LOGGER) private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const res = host.switchToHttp().getResponse<Response>();
    const error = this.toApiError(exception);
    // Messages can quote the request (an id, a body fragment): never more than LOGGED_CHARS of
    // them, and a client's bad input is a warning, not an error of ours.
    if (error.status >= 500) this.logger.error({ err: loggableError(exception) }, 'request failed');
    else this.logger.warn({ status: error.status, code: error.code, reason: truncateForLog(error.message) }, 'request refused');
    if (res.headersSent) return;
    const { retryAfterSeconds, fields } = error.extras;
    const body: ApiErrorBody = { ...fields, error: error.code, message: error.message, ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }) };
    if (retryAfterSeconds !== undefined) res.setHeader('Retry-After', String(retryAfterSeconds));
    res.status(error.status).json(body);
  }

  private toApiError(exception: unknown): ApiError {
    if (exception instanceof ApiError) return exception;
    if (exception instanceof QuietpayError) return apiErrorFromQuietpayError(exception);
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      // Nest's and Express's own exceptions: the status names a closed code (another 4xx reads as invalid_request).
      return new ApiError(CODE_BY_STATUS[status] ?? (status >= 500 ? 'internal' : 'invalid_request'), status >= 500 ? 'internal error' : exception.message);
    }
    return new ApiError('internal', 'internal error');
  }
}
