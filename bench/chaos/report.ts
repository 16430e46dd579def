import { cpus, loadavg, totalmem } from 'node:os';
import type { ChaosResult, FaultRun } from '../../tests/chaos/support/chaos-run';

/** The machine line every bench report carries, so reports are compared only on the same machine. */
export function machineLine(startedAt: Date): string {
  const cpu = cpus();
  return `Machine: ${cpu.length} cores (${cpu[0]?.model.trim() ?? 'unknown'}), ${(totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}, started ${startedAt.toISOString()}, load average at start ${loadavg()[0]!.toFixed(2)} (shared with other work).`;
}

function quantile(sorted: readonly number[], q: number): number | undefined {
  if (sorted.length === 0) return undefined;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

const ms = (value: number | undefined): string => (value === undefined ? '–' : value >= 10_000 ? `${(value / 1000).toFixed(1)} s` : `${Math.round(value)} ms`);

function faultRows(faults: readonly FaultRun[]): string[] {
  const kinds = [...new Set(faults.map((f) => f.fault))].sort();
  return kinds.map((kind) => {
    const runs = faults.filter((f) => f.fault === kind);
    const outages = runs.map((f) => f.healedMs - f.startedMs).sort((a, b) => a - b);
    const recoveries = runs
      .filter((f) => f.recoveredMs !== undefined)
      .map((f) => f.recoveredMs! - f.healedMs)
      .sort((a, b) => a - b);
    const unrecovered = runs.length - recoveries.length;
    return `| ${kind} | ${runs.length} | ${ms(quantile(outages, 0.5))} | ${ms(outages.at(-1))} | ${ms(quantile(recoveries, 0.5))} | ${ms(quantile(recoveries, 0.95))} | ${ms(recoveries.at(-1))} | ${unrecovered} |`;
  });
}

/** A chaos run as markdown: per mode, the reconciliation's counts and each fault kind's outages and recoveries. */
export function renderChaosReport(input: {
  readonly startedAt: Date;
  readonly seconds: number;
  readonly parameters: string;
  readonly results: readonly ChaosResult[];
  readonly recoveryBoundMs: number;
  readonly command: string;
}): string {
  const lines = [
    '# chaos: faults under paid load (session scheme, per-call and batched)',
    '',
    "The chaos tier's harness (`tests/chaos/support`) for a long run: every service a real process on a private nats-server and a private redis-server (append-only file, fsync always), localnet in process, the example paid API in front of the gateway. Two payers (`agent`, and `agent2` with a small cap it reaches during the run) call the paid API back to back with the SDK's session `fetch`. Faults at seeded random points of the load: SIGKILL of gateway, session-ledger, submitter, tx-builder or signer (restarted after a random gap), session-ledger stopped (SIGSTOP, then SIGCONT), nats-server and redis-server crashed (SIGKILL) and started again. After each fault the run waits for a call to be served again (\"recovery\"). At the end the four sources are reconciled: what clients were told, the ledger, the submitter's records, the chain (decrypted balances, confirmed signatures).",
    '',
    machineLine(input.startedAt) + ` ${Math.round(input.seconds)} s in all.`,
    '',
    `Parameters: ${input.parameters}`,
    '',
    `Reproduce: \`${input.command}\``,
    '',
    '| mode | seed | faults | calls | served | charges | settled | released | lost | paid twice | served without charge | cap exceeded | open after bound | mismatches | charged, not served |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|',
    ...input.results.map((r) => {
      const c = r.reconciliation;
      return `| ${r.mode} | ${r.seed} | ${r.faults.length} | ${c.calls} | ${c.served} | ${c.charges} | ${c.settled} | ${c.released} | **${c.lost}** | **${c.paidTwice}** | **${c.servedWithoutCharge}** | **${c.capExceeded}** | **${r.openAfterBound}** | ${c.mismatches.length} | ${c.chargedNotServed} |`;
    }),
    '',
    '"Charged, not served": a settled charge whose call the client never saw served (it gave up, or got an error after the charge was taken). Money is where the ledger says, so it is not a loss; it is the client-convergence gap the report keeps visible.',
    '',
  ];
  for (const r of input.results) {
    const c = r.reconciliation;
    lines.push(
      `## ${r.mode}`,
      '',
      `Recovery: from the moment the broken part was back (restarted, resumed) to the first call served after it; bound ${input.recoveryBoundMs / 1000} s.`,
      '',
      '| fault | count | outage p50 | outage max | recovery p50 | recovery p95 | recovery max | not recovered in bound |',
      '|---|---|---|---|---|---|---|---|',
      ...faultRows(r.faults),
      '',
      `Released charges, by the ledger's reason: ${
        Object.entries(c.releasedReasons)
          .map(([k, v]) => `${k} ${v}`)
          .join(', ') || 'none'
      }.`,
      '',
      `Calls not served, by the answer clients got: ${
        Object.entries(c.refused)
          .sort((a, b) => b[1] - a[1])
          .map(([k, v]) => `${k} ${v}`)
          .join(', ') || 'none'
      }.`,
      '',
      '| payer | cap | ledger spent | ledger settled | chain debit |',
      '|---|---|---|---|---|',
      ...c.payers.map((p) => `| ${p.payer} | ${p.cap} | ${p.spent} | ${p.settled} | ${p.chainDebit} |`),
      '',
      `Merchant credited ${c.merchantCredit}; submitter records still open: ${c.submitterOpen}.`,
      ...(c.mismatches.length > 0 ? ['', 'Mismatches:', '', ...c.mismatches.slice(0, 50).map((m) => `- ${m}`)] : []),
      '',
    );
  }
  return lines.join('\n');
}
