import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ServiceProcess } from '../support/service.process';

export interface AdminKeyFile {
  readonly path: string;
  /** Plain keys by id (the `hashed` one is stored in the file only as its SHA-256). */
  readonly keys: Readonly<Record<'ops' | 'hashed', string>>;
}

/** An ADMIN_KEYS_FILE with one plain and one `sha256:` entry, mode 0600. */
export function writeAdminKeys(): AdminKeyFile {
  const ops = randomBytes(24).toString('base64url');
  const hashed = randomBytes(24).toString('base64url');
  const path = join(mkdtempSync(join(tmpdir(), 'qp-admin-')), 'admin-keys');
  const digest = createHash('sha256').update(hashed).digest('hex');
  writeFileSync(path, `# operators\nops ${ops}\n\nci sha256:${digest}\n`, { mode: 0o600 });
  return { path, keys: { ops, hashed } };
}

/** The admin API's base URL once the gateway logged `admin API listening`. */
export async function adminUrlOf(proc: ServiceProcess): Promise<string> {
  const line = await proc.waitForLog((l) => l.msg === 'admin API listening', 'admin API listening');
  return `http://127.0.0.1:${Number(line['adminPort'])}`;
}

/** A JSON call to the admin API: status and parsed body. */
export async function adminCall(base: string, path: string, key: string | undefined, init: RequestInit = {}): Promise<{ status: number; body: Record<string, unknown> }> {
  const headers: Record<string, string> = { ...(init.body === undefined ? {} : { 'content-type': 'application/json' }), ...(key === undefined ? {} : { authorization: `Bearer ${key}` }) };
  const res = await fetch(`${base}${path}`, { ...init, headers: { ...headers, ...(init.headers as Record<string, string> | undefined) } });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}
