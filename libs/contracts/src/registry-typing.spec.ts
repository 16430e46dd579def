import { join, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

// "Publishing a wrong payload on a subject does not compile" is a property of the types, so
// it is tested with the compiler: each snippet is type-checked against the real registry.

const srcDir = resolve(__dirname);
const probe = join(srcDir, '__registry_probe__.ts');

const prelude = `
import { Commands, Events, SessionGetV1, replyOk, replyError, type CommandSubject, type EventSubject, type PayloadOf, type RequestOf } from './index';
declare function request<S extends CommandSubject>(subject: S, body: RequestOf<Commands[S]>): void;
declare function publish<S extends EventSubject>(subject: S, payload: PayloadOf<Events[S]>): void;
void SessionGetV1; void replyOk; void replyError;
`;

function diagnostics(snippet: string): string[] {
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    types: [],
    module: ts.ModuleKind.Node16,
    moduleResolution: ts.ModuleResolutionKind.Node16,
    target: ts.ScriptTarget.ES2022,
  };
  const host = ts.createCompilerHost(options);
  const readFile = host.readFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  host.readFile = (file) => (resolve(file) === probe ? prelude + snippet : readFile(file));
  host.fileExists = (file) => resolve(file) === probe || fileExists(file);
  const program = ts.createProgram([probe], options, host);
  return ts.getPreEmitDiagnostics(program, program.getSourceFile(probe)).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

describe('registry typing', () => {
  it('accepts the right payloads', () => {
    expect(
      diagnostics(`
      request('quietpay.session.get.v1', { sessionId: 's' });
      request(SessionGetV1.subject, { sessionId: 's' });
      publish('quietpay.session.closed.v1', { sessionId: 's', reason: 'r', closedAtUnix: 1, spent: '0' });
      declare const session: import('./index').Session;
      const ok: import('./index').GetSessionReply = replyOk(session);
      const failed: import('./index').GetSessionReply = replyError({ code: 'c', message: 'm', retryable: false, context: {} });
      const unwrapped: import('./index').Session = null as unknown as import('./index').OkOf<import('./index').GetSessionReply>;
      void ok; void failed; void unwrapped;
    `),
    ).toEqual([]);
  }, 30_000);

  it('rejects a payload meant for another subject', () => {
    expect(diagnostics(`publish('quietpay.session.opened.v1', { sessionId: 's', reason: 'r', closedAtUnix: 1, spent: '0' });`)).not.toEqual([]);
    expect(diagnostics(`request('quietpay.session.get.v1', { settlementId: 's' });`)).not.toEqual([]);
  }, 30_000);

  it('rejects unknown subjects and bigint amounts', () => {
    expect(diagnostics(`request('quietpay.session.get.v2', { sessionId: 's' });`)).not.toEqual([]);
    expect(diagnostics(`publish('quietpay.session.closed.v1', { sessionId: 's', reason: 'r', closedAtUnix: 1, spent: 0n });`)).not.toEqual([]);
  }, 30_000);
});
