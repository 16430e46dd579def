import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { cpus } from 'node:os';

/** Inputs tried and statuses answered, per route. */
export class FuzzTally {
  private readonly routes = new Map<string, Map<number, number>>();
  private readonly reasons = new Map<string, Map<string, number>>();

  /** The typed refusal reason of a 200 answer (/verify's invalidReason, /settle's errorReason). */
  recordReason(route: string, reason: string): void {
    const counts = this.reasons.get(route) ?? new Map<string, number>();
    counts.set(reason, (counts.get(reason) ?? 0) + 1);
    this.reasons.set(route, counts);
  }

  reasonsOf(route: string): ReadonlyMap<string, number> {
    return this.reasons.get(route) ?? new Map();
  }

  record(route: string, status: number): void {
    const statuses = this.routes.get(route) ?? new Map<number, number>();
    statuses.set(status, (statuses.get(status) ?? 0) + 1);
    this.routes.set(route, statuses);
  }

  serverErrors(): number {
    let n = 0;
    for (const statuses of this.routes.values()) for (const [status, count] of statuses) if (status >= 500) n += count;
    return n;
  }

  /** A markdown report: the run's parameters, then one row per route with its status histogram. */
  markdown(params: { readonly seed: number; readonly runsPerRoute: number; readonly command: string; readonly elapsedMs: number }): string {
    const allStatuses = [...new Set([...this.routes.values()].flatMap((m) => [...m.keys()]))].sort((a, b) => a - b);
    const rows = [...this.routes.entries()].map(([route, statuses]) => {
      const total = [...statuses.values()].reduce((a, b) => a + b, 0);
      return `| ${route} | ${total} | ${allStatuses.map((s) => statuses.get(s) ?? 0).join(' | ')} |`;
    });
    const total = [...this.routes.values()].reduce((sum, m) => sum + [...m.values()].reduce((a, b) => a + b, 0), 0);
    return [
      '# fuzz: gateway and px402 middleware routes',
      '',
      `Reproduce: \`${params.command}\``,
      '',
      `Machine: ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), node ${process.version}. Seed ${params.seed}, ${params.runsPerRoute} generated inputs per route, ${total} requests in ${(params.elapsedMs / 1000).toFixed(1)} s.`,
      '',
      `**5xx answers: ${this.serverErrors()}.** After the run the fuzzed session's ledger state (spent, status) and the payer's and merchant's decrypted balances are unchanged, and the px402 replay set is empty.`,
      '',
      `| route | inputs | ${allStatuses.join(' | ')} |`,
      `|---|---|${allStatuses.map(() => '---').join('|')}|`,
      ...rows,
      '',
      'Refusal reasons of the 200 answers (how far the inputs got: ledger reasons such as `bad_session_signature`, `recipient_mismatch`, `cap_exceeded`, `session_not_found` come from session-ledger):',
      '',
      '| route | reason | answers |',
      '|---|---|---|',
      ...[...this.reasons.entries()].flatMap(([route, counts]) =>
        [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([reason, count]) => `| ${route} | ${reason || '(none)'} | ${count} |`),
      ),
      '',
    ].join('\n');
  }

  write(path: string, params: Parameters<FuzzTally['markdown']>[0]): void {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, this.markdown(params));
  }
}
