import type { NextFunction, Request, Response } from 'express';
import { ApiError } from '../../http/api-error';
import type { AdminKeys } from '../admin-keys';

/**
 * Lets a request through only with `Authorization: Bearer <admin key>`. A resource server's API
 * key is no admin key (config refuses one that is both), so it gets the same 401 as any unknown key.
 */
export function adminAuth(keys: AdminKeys) {
  return function adminAuthMiddleware(req: Request, res: Response, next: NextFunction): void {
    const match = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
    if (!match?.[1]) return next(new ApiError('unauthorized', 'missing Authorization: Bearer <admin key>'));
    const id = keys.identify(match[1]);
    if (id === undefined) return next(new ApiError('unauthorized', 'not an admin key'));
    res.locals['adminKeyId'] = id;
    next();
  };
}
