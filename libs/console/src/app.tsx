import { useEffect, useMemo, useState } from 'preact/hooks';
import { AdminApiError, adminClient } from './api';
import { followEvents, type LiveEvent, type StreamState } from './events';
import { LiveContext } from './live';
import { forgetKey, storedKey, storeKey } from './settings';
import { Failure } from './components/ui';
import { Overview } from './pages/overview';
import { Sessions } from './pages/sessions';
import { SessionPage } from './pages/session';
import { Settlements } from './pages/settlements';
import { PrivatePayments } from './pages/private';
import { Actions } from './pages/actions';

const LIVE_EVENTS_KEPT = 1000;

const NAV = [
  ['overview', 'Overview'],
  ['sessions', 'Sessions'],
  ['settlements', 'Settlements'],
  ['private', 'Private payments'],
  ['actions', 'Actions'],
] as const;

function useHash(): string {
  const [hash, setHash] = useState(location.hash);
  useEffect(() => {
    const on = () => setHash(location.hash);
    addEventListener('hashchange', on);
    return () => removeEventListener('hashchange', on);
  }, []);
  return hash;
}

/** The sign-in gate: the key is checked with GET /whoami before it is kept (sessionStorage only). */
function SignIn({ onSignedIn }: { onSignedIn: (key: string, keyId: string) => void }) {
  const [key, setKey] = useState('');
  const [error, setError] = useState<Error | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const me = await adminClient(key.trim()).get<{ keyId: string }>('/whoami');
      storeKey(key.trim());
      onSignedIn(key.trim(), me.keyId);
    } catch (err) {
      setError(
        err instanceof AdminApiError && err.status === 401 ? new AdminApiError(401, 'unauthorized', 'refused: that is not an admin key') : (err as Error),
      );
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="signin" onSubmit={(e) => void submit(e)}>
      <h1>quietpay console</h1>
      <label>
        admin key
        <input type="password" autocomplete="off" value={key} onInput={(e) => setKey(e.currentTarget.value)} data-testid="admin-key" />
      </label>
      <button type="submit" disabled={busy || key.trim() === ''} data-testid="sign-in">
        Sign in
      </button>
      {error && <Failure error={error} />}
      <p class="muted">The key stays in this tab (sessionStorage) and is sent only to this gateway's admin API.</p>
    </form>
  );
}

function Route({ hash }: { hash: string }) {
  const [, page = 'overview', arg] = /^#\/([^/]*)\/?(.*)$/.exec(hash) ?? [];
  switch (page) {
    case 'sessions':
      return arg ? <SessionPage sessionId={decodeURIComponent(arg)} /> : <Sessions />;
    case 'settlements':
      return <Settlements />;
    case 'private':
      return <PrivatePayments />;
    case 'actions':
      return <Actions />;
    default:
      return <Overview />;
  }
}

export function App() {
  const [auth, setAuth] = useState<{ key: string; keyId?: string } | undefined>(() => {
    const key = storedKey();
    return key ? { key } : undefined;
  });
  const [events, setEvents] = useState<readonly LiveEvent[]>([]);
  const [stream, setStream] = useState<StreamState>('connecting');
  const hash = useHash();
  const client = useMemo(() => (auth ? adminClient(auth.key) : undefined), [auth?.key]);

  const signOut = () => {
    forgetKey();
    setAuth(undefined);
    setEvents([]);
  };

  // A key kept from earlier in this tab is checked again: a revoked key goes back to sign-in.
  useEffect(() => {
    if (!client || auth?.keyId !== undefined) return;
    client.get<{ keyId: string }>('/whoami').then(
      (me) => setAuth((a) => (a ? { ...a, keyId: me.keyId } : a)),
      (err: unknown) => err instanceof AdminApiError && err.status === 401 && signOut(),
    );
  }, [client]);

  useEffect(() => {
    if (!auth) return;
    return followEvents(
      auth.key,
      (e) => setEvents((list) => [e, ...list].slice(0, LIVE_EVENTS_KEPT)),
      (s) => {
        setStream(s);
        if (s === 'refused') signOut();
      },
    );
  }, [auth?.key]);

  if (!auth || !client) return <SignIn onSignedIn={(key, keyId) => setAuth({ key, keyId })} />;
  const current = /^#\/([^/]*)/.exec(hash)?.[1] || 'overview';
  return (
    <LiveContext.Provider value={{ client, events, stream }}>
      <header>
        <strong>quietpay</strong>
        <nav>
          {NAV.map(([id, label]) => (
            <a key={id} href={`#/${id}`} class={current === id ? 'current' : ''}>
              {label}
            </a>
          ))}
        </nav>
        <span class={`stream ${stream}`} data-testid="stream-state" title="admin event stream">
          {stream}
        </span>
        <span class="muted" data-testid="key-id">
          {auth.keyId ?? ''}
        </span>
        <button type="button" onClick={signOut}>
          Sign out
        </button>
      </header>
      <main>
        <Route hash={hash} />
      </main>
    </LiveContext.Provider>
  );
}
