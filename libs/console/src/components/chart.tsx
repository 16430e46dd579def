export interface Series {
  readonly label: string;
  /** One value per point, oldest first; null is a gap (not reported), never zero. */
  readonly values: readonly (number | null)[];
}

const W = 240;
const H = 56;

/**
 * A small SVG line chart (no chart library): every series on one scale from 0 to the largest
 * value, which is printed top-left; gaps where a value is null.
 */
export function LineChart({ series }: { series: readonly Series[] }) {
  const all = series.flatMap((s) => s.values.filter((v): v is number => v !== null));
  const max = Math.max(0, ...all);
  const scale = max > 0 ? max : 1;
  const points = Math.max(2, ...series.map((s) => s.values.length));
  const x = (i: number) => ((i * W) / (points - 1)).toFixed(1);
  const y = (v: number) => (H - 2 - (v / scale) * (H - 14)).toFixed(1);
  return (
    <svg class="chart" viewBox={`0 0 ${W} ${H}`} role="img" aria-label={series.map((s) => s.label).join(', ')}>
      <text x="2" y="9" class="chart-max">
        {Number(max.toPrecision(3))}
      </text>
      {series.map((s, n) => (
        <g key={s.label} class={`line line-${n}`}>
          {runs(s.values).map((run) => (
            <polyline key={run[0]?.[0]} points={run.map(([i, v]) => `${x(i)},${y(v)}`).join(' ')} fill="none" stroke="currentColor" stroke-width="2" />
          ))}
          {runs(s.values)
            .flatMap((run) => (run.length === 1 ? run : []))
            .map(([i, v]) => (
              <circle key={`dot-${i}`} cx={x(i)} cy={y(v)} r="2" fill="currentColor" />
            ))}
        </g>
      ))}
    </svg>
  );
}

/** Consecutive non-null points as [index, value] runs. */
function runs(values: readonly (number | null)[]): [number, number][][] {
  const out: [number, number][][] = [];
  let current: [number, number][] = [];
  values.forEach((v, i) => {
    if (v === null) {
      if (current.length > 0) out.push(current);
      current = [];
    } else current.push([i, v]);
  });
  if (current.length > 0) out.push(current);
  return out;
}
