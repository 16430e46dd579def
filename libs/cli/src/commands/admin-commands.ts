import type { Command } from 'commander';
import { AdminClient, adminTargetOf } from '../admin-client';
import { type Output, printJson, printTable } from '../output';

interface SessionSummary {
  readonly sessionId: string;
  readonly payer: string;
  readonly recipient: string;
  readonly state: string;
  readonly cap: string;
  readonly spent: string;
  readonly remaining: string;
  readonly expirationUnix: number;
  readonly legacy: boolean;
}

interface SessionPage {
  readonly items: SessionSummary[];
  readonly nextCursor?: string;
}

type ClientOf = (command: Command) => AdminClient;

/** The admin API's client for a command, from the program's global options and the environment. */
export function clientOf(env: NodeJS.ProcessEnv): ClientOf {
  return (command) => new AdminClient(adminTargetOf(command.optsWithGlobals<{ url?: string; keyFile?: string }>(), env));
}

const positiveInt = (value: string): number => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`not a non-negative integer: ${value}`);
  return n;
};

/** sessions list|show|close, settlements show, reconcile, recipients add|remove: the admin API's actions. */
export function addAdminCommands(program: Command, client: ClientOf, out: Output): void {
  const sessions = program.command('sessions').description('list, inspect and close payment sessions');
  sessions
    .command('list')
    .description('list sessions (every page with --all)')
    .option('--payer <address>', 'only this payer')
    .option('--recipient <address>', 'only this recipient')
    .option('--state <state>', 'active | closed | expired | revoked | suspended')
    .option('--legacy', 'only sessions opened through the seed-compatible (legacy) path')
    .option('--no-legacy', 'only quietpay sessions (not legacy)')
    .option('--limit <n>', 'page size (1-200)', positiveInt, 50)
    .option('--cursor <cursor>', 'continue from a previous page')
    .option('--all', 'follow every page')
    .option('--json', 'print JSON')
    .action(
      async (
        opts: { payer?: string; recipient?: string; state?: string; legacy?: boolean; limit: number; cursor?: string; all?: boolean; json?: boolean },
        command: Command,
      ) => {
        const api = client(command);
        const items: SessionSummary[] = [];
        let cursor = opts.cursor;
        do {
          const legacy = opts.legacy === undefined ? undefined : String(opts.legacy);
          const page = await api.get<SessionPage>('/sessions', {
            payer: opts.payer,
            recipient: opts.recipient,
            state: opts.state,
            legacy,
            limit: opts.limit,
            cursor,
          });
          items.push(...page.items);
          cursor = page.nextCursor;
        } while (opts.all === true && cursor !== undefined);
        if (opts.json === true) return printJson(out, { items, ...(cursor === undefined ? {} : { nextCursor: cursor }) });
        printTable(
          out,
          ['SESSION', 'PAYER', 'RECIPIENT', 'STATE', 'CAP', 'SPENT', 'REMAINING', 'EXPIRES', 'LEGACY'],
          items.map((s) => [
            s.sessionId,
            s.payer,
            s.recipient,
            s.state,
            s.cap,
            s.spent,
            s.remaining,
            new Date(s.expirationUnix * 1000).toISOString(),
            s.legacy ? 'yes' : 'no',
          ]),
        );
        if (cursor !== undefined) out.line(`(more sessions: --all, or --cursor ${cursor})`);
      },
    );
  sessions
    .command('show <sessionId>')
    .description('one session with its charges and their settlements (JSON)')
    .action(async (sessionId: string, _opts: unknown, command: Command) =>
      printJson(out, await client(command).get(`/sessions/${encodeURIComponent(sessionId)}`)),
    );
  sessions
    .command('close <sessionId>')
    .description('close a session: it takes no further charge (audited)')
    .requiredOption('--reason <reason>', 'why (kept in the audit log)')
    .action(async (sessionId: string, opts: { reason: string }, command: Command) =>
      printJson(out, await client(command).post(`/sessions/${encodeURIComponent(sessionId)}/close`, { reason: opts.reason })),
    );

  program
    .command('settlements')
    .description('settlement receipts')
    .command('show <settlementId>')
    .description('a settlement: state, on-chain signature, batch membership (JSON)')
    .action(async (settlementId: string, _opts: unknown, command: Command) =>
      printJson(out, await client(command).get(`/settlements/${encodeURIComponent(settlementId)}`)),
    );

  program
    .command('reconcile')
    .description("run the submitter's reconciler once and print what it repaired (audited)")
    .option('--older-than <seconds>', 'only settlements open at least this long', positiveInt)
    .action(async (opts: { olderThan?: number }, command: Command) =>
      printJson(out, await client(command).post('/reconcile', opts.olderThan === undefined ? {} : { olderThanSeconds: opts.olderThan })),
    );

  const recipients = program.command('recipients').description('registered recipients (the facilitator pays their token-account rent)');
  recipients
    .command('list')
    .description('every registered recipient (JSON)')
    .action(async (_opts: unknown, command: Command) => printJson(out, await client(command).get('/recipients')));
  recipients
    .command('add <address>')
    .description('register a recipient (audited)')
    .option('--note <note>', 'who and why, for operators (max 200 characters)')
    .action(async (address: string, opts: { note?: string }, command: Command) =>
      printJson(out, await client(command).post('/recipients', { address, ...(opts.note === undefined ? {} : { note: opts.note }) })),
    );
  recipients
    .command('remove <address>')
    .description('remove a registered recipient (audited)')
    .action(async (address: string, _opts: unknown, command: Command) =>
      printJson(out, await client(command).delete(`/recipients/${encodeURIComponent(address)}`)),
    );
}
