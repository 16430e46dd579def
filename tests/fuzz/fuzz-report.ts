import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { cpus } from 'node:os';

/** Inputs tried and statuses answered, per route. */
export class FuzzTally {
  private readonly routes = new Map<string, Map<number, number>>();

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
    ].join('\n');
  }

  write(path: string, params: Parameters<FuzzTally['markdown']>[0]): void {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, this.markdown(params));
  }
}
