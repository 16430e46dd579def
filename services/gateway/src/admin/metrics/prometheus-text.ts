/** One sample of the Prometheus text exposition: `name{labels} value`. */
export interface PromSample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})?\s+(\S+)(?:\s+\S+)?$/;
const LABEL = /\s*([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"\s*,?/y;

function unescape(value: string): string {
  return value.replace(/\\(.)/g, (_m, c: string) => (c === 'n' ? '\n' : c));
}

function labelsOf(body: string): Record<string, string> | undefined {
  const labels: Record<string, string> = {};
  LABEL.lastIndex = 0;
  while (LABEL.lastIndex < body.length) {
    const at = LABEL.lastIndex;
    const match = LABEL.exec(body);
    const [, name, value] = match ?? [];
    if (name === undefined || value === undefined) return body.slice(at).trim() === '' ? labels : undefined;
    labels[name] = unescape(value);
  }
  return labels;
}

function numberOf(text: string): number {
  if (text === '+Inf') return Infinity;
  if (text === '-Inf') return -Infinity;
  return Number(text);
}

/**
 * Parses the text a service's `/metrics` answers (what prom-client writes). Comments are skipped;
 * a line that does not parse is dropped rather than failing the whole scrape, since one odd
 * series must not hide the rest of an operator's overview.
 */
export function parsePrometheusText(text: string): PromSample[] {
  const samples: PromSample[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const [, name, , body, text] = SAMPLE.exec(line) ?? [];
    if (name === undefined || text === undefined) continue;
    const labels = body === undefined ? {} : labelsOf(body);
    const value = numberOf(text);
    if (labels === undefined || Number.isNaN(value)) continue;
    samples.push({ name, labels, value });
  }
  return samples;
}
