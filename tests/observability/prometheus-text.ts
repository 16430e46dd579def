/** Prometheus text exposition parsed into `name{labels}` → value (HELP/TYPE lines kept apart). */
export interface Scrape {
  readonly samples: ReadonlyMap<string, number>;
  readonly types: ReadonlyMap<string, string>;
}

export function parsePrometheusText(text: string): Scrape {
  const samples = new Map<string, number>();
  const types = new Map<string, string>();
  for (const line of text.split('\n')) {
    const type = /^# TYPE (\S+) (\S+)/.exec(line);
    if (type) types.set(type[1]!, type[2]!);
    if (line.startsWith('#') || line.trim() === '') continue;
    const at = line.lastIndexOf(' ');
    samples.set(line.slice(0, at), Number(line.slice(at + 1)));
  }
  return { samples, types };
}

/** The value of a series by name and exact labels (in any order); 0 when absent. */
export function sample(scrape: Scrape, name: string, labels: Record<string, string> = {}): number {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const [series, value] of scrape.samples) {
    const match = /^([^{]+)(?:\{(.*)\})?$/.exec(series);
    if (!match || match[1] !== name) continue;
    const have = (match[2] ?? '').split(/,(?=[a-zA-Z_]+=")/).filter((p) => p.length > 0);
    if (wanted.length === have.length && wanted.every((w) => have.includes(w))) return value;
  }
  return 0;
}

export async function scrape(port: number): Promise<Scrape> {
  const res = await fetch(`http://127.0.0.1:${port}/metrics`);
  if (res.status !== 200) throw new Error(`/metrics on ${port} answered ${res.status}`);
  return parsePrometheusText(await res.text());
}
