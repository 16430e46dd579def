import type { ComponentChildren } from 'preact';
import { useCallback, useEffect, useState } from 'preact/hooks';
import { AdminApiError } from '../api';
import { explorerUrl } from '../settings';
import { short } from '../format';

export interface Loaded<T> {
  readonly data: T | undefined;
  readonly error: Error | undefined;
  readonly loading: boolean;
  reload(): void;
}

/** Runs `load` on mount and whenever `deps` change; reload() runs it again. */
export function useLoad<T>(load: () => Promise<T>, deps: readonly unknown[]): Loaded<T> {
  const [state, setState] = useState<{ data?: T; error?: Error; loading: boolean }>({ loading: true });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    load().then(
      (data) => live && setState({ data, loading: false }),
      (error: Error) => live && setState({ error, loading: false }),
    );
    return () => {
      live = false;
    };
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { data: state.data, error: state.error, loading: state.loading, reload };
}

export function Loading({ what }: { what: string }) {
  return (
    <p class="state loading" data-testid="loading">
      Loading {what}…
    </p>
  );
}

export function Empty({ children }: { children: ComponentChildren }) {
  return (
    <p class="state empty" data-testid="empty">
      {children}
    </p>
  );
}

export function Failure({ error, retry }: { error: Error; retry?: () => void }) {
  const code = error instanceof AdminApiError ? `${error.status} ${error.code}` : 'network';
  return (
    <div class="state error" role="alert" data-testid="error">
      <strong>{code}</strong>: {error.message}
      {retry && (
        <button type="button" onClick={retry}>
          Retry
        </button>
      )}
    </div>
  );
}

/** Loading, error or the content (with its own empty state). */
export function View<T>({ loaded, what, children }: { loaded: Loaded<T>; what: string; children: (data: T) => ComponentChildren }) {
  if (loaded.error) return <Failure error={loaded.error} retry={loaded.reload} />;
  if (loaded.data === undefined) return <Loading what={what} />;
  return <>{children(loaded.data)}</>;
}

export function Signature({ value }: { value: string | undefined }) {
  if (!value) return <span class="muted">—</span>;
  return (
    <a class="mono" href={explorerUrl(value)} target="_blank" rel="noreferrer noopener" title={value} data-signature={value}>
      {short(value, 8)}
    </a>
  );
}

export function Id({ value }: { value: string }) {
  return (
    <span class="mono" title={value}>
      {short(value)}
    </span>
  );
}

export function Card({ title, children, tone }: { title: string; children: ComponentChildren; tone?: 'warn' | 'ok' | 'bad' | undefined }) {
  return (
    <section class={`card ${tone ?? ''}`}>
      <h3>{title}</h3>
      {children}
    </section>
  );
}

/** A plain SVG sparkline of counts (no chart library: one polyline, scaled to the largest value). */
export function Sparkline({ values, label }: { values: readonly number[]; label: string }) {
  const w = 240;
  const h = 48;
  const max = Math.max(1, ...values);
  const step = values.length > 1 ? w / (values.length - 1) : w;
  const points = values.map((v, i) => `${(i * step).toFixed(1)},${(h - 2 - (v / max) * (h - 4)).toFixed(1)}`).join(' ');
  return (
    <svg class="spark" viewBox={`0 0 ${w} ${h}`} role="img" aria-label={label}>
      <polyline points={points} fill="none" stroke="currentColor" stroke-width="2" />
    </svg>
  );
}
