import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

// The generator is the gate for subjects and reply shapes: feed it a copy of proto/ with
// deliberate mistakes and check it refuses them, naming each one.

const root = resolve(__dirname, '../../..');
const scratch = mkdtempSync(join(tmpdir(), 'quietpay-contracts-bad-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function edit(file: string, from: string, to: string): void {
  const path = join(scratch, 'proto', file);
  const text = readFileSync(path, 'utf8');
  expect(text).toContain(from);
  writeFileSync(path, text.replace(from, to));
}

describe('protoc-gen-contracts checks', () => {
  it('refuses bad subjects, duplicates, non-oneof replies and bigint fields', () => {
    cpSync(join(root, 'proto'), join(scratch, 'proto'), { recursive: true });
    edit('quietpay/session/v1/session_ledger.proto', '"quietpay.session.get.v1"', '"quietpay.Session.get"');
    edit('quietpay/session/v1/session_ledger.proto', '"quietpay.session.close.v1"', '"quietpay.session.open.v1"');
    edit('quietpay/session/v1/session_events.proto', 'uint64 spent = 4 [jstype = JS_STRING];', 'uint64 spent = 4;');
    edit('quietpay/signer/v1/signer.proto', 'message SignReply {\n  oneof result {', 'message SignReply {\n  oneof answer {');
    const run = spawnSync(process.execPath, [join(root, 'scripts/gen-contracts.mjs'), '--proto', join(scratch, 'proto'), '--out', join(scratch, 'out')], {
      encoding: 'utf8',
    });
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain('subject "quietpay.Session.get" does not match');
    expect(run.stderr).toContain('subject "quietpay.session.open.v1" is declared twice');
    expect(run.stderr).toContain('quietpay.session.v1.SessionClosed.spent: 64-bit fields need [jstype = JS_STRING]');
    expect(run.stderr).toContain('quietpay.signer.v1.SignReply (reply of quietpay.signer.v1.Signer.Sign) must be');
  }, 120_000);
});
