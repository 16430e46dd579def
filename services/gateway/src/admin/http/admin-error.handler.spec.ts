import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Router } from 'express';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdminKeys } from '../admin-keys';
import { buildAdminApp } from './admin.server';

const KEY = 'k'.repeat(32);
const ATTACKER = 'A'.repeat(5_000);
const WARN = 40;
const ERROR = 50;

interface LogLine {
  readonly level: number;
  readonly [field: string]: unknown;
}

const lines: LogLine[] = [];
let server: Server;
let base: string;

beforeAll(async () => {
  // The admin app's own logger, written to memory: what an operator's log would hold.
  const logger = pino({ level: 'debug' }, { write: (line: string) => lines.push(JSON.parse(line) as LogLine) });
  const probe = {
    mount: (router: Router) =>
      router.get('/boom/:id', (req) => {
        throw new Error(`broke on ${req.params['id'] ?? ''}`);
      }),
  };
  server = buildAdminApp(AdminKeys.parse(`ops ${KEY}`), [probe], logger).listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

async function logged(path: string): Promise<{ status: number; lines: LogLine[] }> {
  const from = lines.length;
  const res = await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${KEY}` } });
  await res.text();
  return { status: res.status, lines: lines.slice(from) };
}

describe('admin error handler: the caller’s strings in the log', () => {
  it('logs an unknown route’s path at warn, truncated, and nothing at error level', async () => {
    const { status, lines: written } = await logged(`/admin/v1/${ATTACKER}`);
    expect(status).toBe(404);
    expect(written.filter((l) => l.level >= ERROR)).toEqual([]);
    const refused = written.find((l) => l.level === WARN);
    expect(String(refused?.['path']).length).toBeLessThan(300);
    expect(String(refused?.['reason']).length).toBeLessThan(300);
    expect(JSON.stringify(written)).not.toContain(ATTACKER);
  });

  it('logs a failed route at error with its pattern, never the raw path, and the message truncated', async () => {
    const { status, lines: written } = await logged(`/admin/v1/boom/${ATTACKER}`);
    expect(status).toBe(500);
    const failed = written.filter((l) => l.level >= ERROR);
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ route: '/boom/:id', method: 'GET' });
    expect(failed[0]).not.toHaveProperty('path');
    expect(JSON.stringify(written)).not.toContain(ATTACKER);
  });
});
