import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Router } from 'express';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ADMIN_ROUTE_GROUPS } from './admin.providers';

const DOC = join(__dirname, '../../../../docs/admin-api.yaml');
const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

interface OpenApiDoc {
  readonly openapi: string;
  readonly paths: Record<string, Partial<Record<(typeof METHODS)[number], { readonly 'x-status'?: string }>>>;
}

// Every route group mounted on a recording router: what the admin server really serves.
function mountedRoutes(): string[] {
  const routes: string[] = [];
  const recorder = Object.fromEntries(METHODS.map((m) => [m, (path: string) => routes.push(`${m.toUpperCase()} /admin/v1${path.replace(/:(\w+)/g, '{$1}')}`)]));
  for (const Group of ADMIN_ROUTE_GROUPS) {
    const group = Object.create(Group.prototype as object) as { mount(router: Router): void };
    group.mount(recorder as unknown as Router);
  }
  return routes.sort();
}

describe('docs/admin-api.yaml', () => {
  const doc = parse(readFileSync(DOC, 'utf8')) as OpenApiDoc;
  const operations = (planned: boolean) =>
    Object.entries(doc.paths)
      .flatMap(([path, item]) =>
        METHODS.filter((m) => item[m] !== undefined && (item[m]['x-status'] === 'planned') === planned).map((m) => `${m.toUpperCase()} ${path}`),
      )
      .sort();

  // `x-status: planned` marks a route documented ahead of its implementation (for the console).
  it('is OpenAPI 3.1 and documents exactly the routes the admin server mounts, plus the planned ones', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(mountedRoutes()).toEqual(operations(false));
    expect(mountedRoutes().filter((r) => operations(true).includes(r))).toEqual([]);
  });
});
