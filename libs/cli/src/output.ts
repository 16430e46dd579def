/** Where the CLI writes; tests capture it. */
export interface Output {
  line(text: string): void;
  error(text: string): void;
}

export const processOutput: Output = {
  line: (text) => process.stdout.write(`${text}\n`),
  error: (text) => process.stderr.write(`${text}\n`),
};

export function printJson(out: Output, value: unknown): void {
  out.line(JSON.stringify(value, null, 2));
}

/** Fixed-width columns, one row per line, header first. */
export function printTable(out: Output, header: readonly string[], rows: readonly (readonly string[])[]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const format = (cells: readonly string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  out.line(format(header));
  for (const row of rows) out.line(format(row));
}
