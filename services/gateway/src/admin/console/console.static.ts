import { existsSync } from 'node:fs';
import { join } from 'node:path';
import express, { type Express } from 'express';
import { z } from 'zod';

/**
 * ADMIN_CONSOLE_DIR: the built web console (libs/console/dist). When set, the admin port serves it
 * at /console/ beside the admin API. The files are public (a static bundle, no data, no secret):
 * the page asks for an admin key and every call it makes goes through the admin key check.
 */
export const consoleConfigShape = {
  ADMIN_CONSOLE_DIR: z.preprocess(
    (v) => (v === '' ? undefined : v),
    z
      .string()
      .refine((dir) => existsSync(join(dir, 'index.html')), 'no index.html there: build the console (nx build console) or unset it')
      .optional(),
  ),
};

/**
 * Mounts the console before the admin key check. Its own CSP keeps the page to same-origin scripts
 * and calls (the admin key never leaves for another origin), and it is never framed or cached.
 */
export function mountConsole(app: Express, dir: string): void {
  app.get('/', (_req, res) => res.redirect(302, '/console/'));
  app.use(
    '/console',
    (_req, res, next) => {
      res.set({
        'content-security-policy':
          "default-src 'self'; connect-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
        'x-frame-options': 'DENY',
        'x-content-type-options': 'nosniff',
        'referrer-policy': 'no-referrer',
        'cache-control': 'no-store',
      });
      next();
    },
    express.static(dir, { index: 'index.html', redirect: true, fallthrough: true, dotfiles: 'ignore' }),
  );
}
