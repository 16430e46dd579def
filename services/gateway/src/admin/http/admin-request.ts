import type { Request, Response } from 'express';
import { z } from 'zod';
import { ApiError } from '../../http/api-error';

/** The admin key id the auth middleware resolved (set before any route runs). */
export function adminKeyIdOf(res: Response): string {
  const id: unknown = res.locals['adminKeyId'];
  if (typeof id !== 'string') throw new ApiError('unauthorized', 'no admin key');
  return id;
}

/** Parses `value` with `schema` or throws 400 invalid_request naming each bad field. */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, where: 'query' | 'body' | 'path'): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((i) => `${i.path.join('.') || where}: ${i.message}`).join('; ');
  throw new ApiError('invalid_request', `invalid ${where}: ${issues}`);
}

export const queryOf = <S extends z.ZodType>(schema: S, req: Request): z.output<S> => parseInput(schema, req.query, 'query');
export const paramsOf = <S extends z.ZodType>(schema: S, req: Request): z.output<S> => parseInput(schema, req.params, 'path');
export const bodyOf = <S extends z.ZodType>(schema: S, req: Request): z.output<S> => parseInput(schema, req.body ?? {}, 'body');

/** A page size query field: integer within [1, max], default `fallback`. */
export const limitField = (max: number, fallback: number) => z.coerce.number().int().min(1).max(max).default(fallback);
