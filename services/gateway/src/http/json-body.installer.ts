import { Inject, Injectable } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { SERVICE_CONFIG } from '@quietpay/platform';
import express, { type Application, type NextFunction, type Request, type Response } from 'express';
import type { GatewayConfig } from '../config.schema';
import type { ApiErrorBody } from './api-error';

interface BodyParserError {
  readonly status?: number;
  readonly type?: string;
}

const CODE_BY_TYPE: Readonly<Record<string, string>> = {
  'entity.too.large': 'payload_too_large',
  'entity.parse.failed': 'malformed_json',
  'encoding.unsupported': 'unsupported_media_type',
  'charset.unsupported': 'unsupported_media_type',
};

/**
 * Installs the gateway's own JSON body parser ahead of Nest's default one. Nest's parser allows
 * 100 kB and its errors reach Express's final handler, which answers HTML; here the limit is
 * MAX_BODY_BYTES and every parser failure is answered as a typed `{error, message}` (413 / 400 / 415).
 *
 * It runs in a provider constructor because providers are built during `NestFactory.create`, before
 * `app.init()` registers Nest's parsers; Nest skips its `jsonParser` when one of that name exists,
 * and body-parser skips any request already parsed, so ours is the one that decides either way.
 */
@Injectable()
export class JsonBodyInstaller {
  constructor(adapterHost: HttpAdapterHost, @Inject(SERVICE_CONFIG) config: GatewayConfig) {
    const app = adapterHost.httpAdapter.getInstance<Application>();
    const parse = express.json({ limit: config.MAX_BODY_BYTES, strict: true, type: ['application/json', 'application/*+json'] });
    const limit = config.MAX_BODY_BYTES;
    app.use(function jsonParser(req: Request, res: Response, next: NextFunction): void {
      parse(req, res, (error?: unknown) => {
        if (error === undefined || error === null) return next();
        const { status = 400, type = '' } = error as BodyParserError;
        const code = CODE_BY_TYPE[type] ?? (status === 413 ? 'payload_too_large' : 'invalid_request');
        const message =
          code === 'payload_too_large'
            ? `request body exceeds ${limit} bytes`
            : code === 'malformed_json'
              ? 'request body is not valid JSON'
              : `request body could not be read (${type || 'unknown'})`;
        const body: ApiErrorBody = { error: code, message };
        res.status(status >= 400 && status < 500 ? status : 400).json(body);
      });
    });
    // Form bodies are never accepted: a no-op under Nest's name keeps its urlencoded parser out.
    app.use(function urlencodedParser(_req: Request, _res: Response, next: NextFunction): void {
      next();
    });
  }
}
