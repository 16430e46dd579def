import { useState } from 'preact/hooks';
import type { SessionState, SessionSummary } from '../api';
import { when } from '../format';
import { useLive } from '../live';
import { Empty, Id, useLoad, View } from '../components/ui';
import { walkPages } from '../pages-walk';

const STATES: readonly SessionState[] = ['active', 'closed', 'expired', 'revoked', 'suspended'];
const ADDRESS = /^[1-9A-HJ-NP-Za-km-z]{32,44}$/;
const PER_SCREEN = 50;
// Listing requests one screen may take: each is one bounded SCAN, which on a Redis shared with other
// keys can come back empty with a cursor; the screen follows them until it has something to show.
const REQUESTS_PER_SCREEN = 20;

/** Search by payer or recipient address, state and legacy flag (server side), or by session id (in the page). */
export function Sessions() {
  const { client } = useLive();
  const [text, setText] = useState('');
  const [field, setField] = useState<'payer' | 'recipient'>('payer');
  const [state, setState] = useState<SessionState | ''>('');
  const [legacy, setLegacy] = useState<'' | 'true' | 'false'>('');
  const [cursor, setCursor] = useState<string | undefined>(undefined);
  const address = ADDRESS.test(text.trim()) ? text.trim() : undefined;
  const query = new URLSearchParams({ limit: String(PER_SCREEN) });
  if (address) query.set(field, address);
  if (state) query.set('state', state);
  if (legacy) query.set('legacy', legacy);
  const page = useLoad(
    () => walkPages<SessionSummary>(client, `/sessions?${query.toString()}`, { maxPages: REQUESTS_PER_SCREEN, enough: PER_SCREEN, from: cursor }),
    [query.toString(), cursor],
  );
  const needle = address ? '' : text.trim().toLowerCase();

  return (
    <div>
      <form class="toolbar" onSubmit={(e) => e.preventDefault()}>
        <input
          type="search"
          placeholder="payer / recipient address or session id"
          value={text}
          onInput={(e) => {
            setText(e.currentTarget.value);
            setCursor(undefined);
          }}
          data-testid="session-search"
        />
        <select value={field} onChange={(e) => setField(e.currentTarget.value as 'payer' | 'recipient')} aria-label="address is the">
          <option value="payer">payer</option>
          <option value="recipient">recipient</option>
        </select>
        <select
          value={state}
          onChange={(e) => {
            setState(e.currentTarget.value as SessionState | '');
            setCursor(undefined);
          }}
          aria-label="state"
        >
          <option value="">any state</option>
          {STATES.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
        <select
          value={legacy}
          onChange={(e) => {
            setLegacy(e.currentTarget.value as '' | 'true' | 'false');
            setCursor(undefined);
          }}
          aria-label="legacy"
          data-testid="legacy-filter"
        >
          <option value="">legacy or not</option>
          <option value="true">legacy only</option>
          <option value="false">quietpay only</option>
        </select>
      </form>
      <View loaded={page} what="sessions">
        {(p) => {
          const rows = needle ? p.items.filter((s) => s.sessionId.toLowerCase().includes(needle)) : p.items;
          if (rows.length === 0) return <Empty>No session matches.</Empty>;
          return (
            <>
              <table data-testid="sessions-table">
                <thead>
                  <tr>
                    <th>session</th>
                    <th>payer</th>
                    <th>recipient</th>
                    <th>state</th>
                    <th>cap</th>
                    <th>spent</th>
                    <th>remaining</th>
                    <th>expires</th>
                    <th>legacy</th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((s) => (
                    <tr key={s.sessionId} data-session={s.sessionId}>
                      <td>
                        <a href={`#/sessions/${encodeURIComponent(s.sessionId)}`}>
                          <Id value={s.sessionId} />
                        </a>
                      </td>
                      <td>
                        <Id value={s.payer} />
                      </td>
                      <td>
                        <Id value={s.recipient} />
                      </td>
                      <td>
                        <span class={`badge ${s.state}`}>{s.state}</span>
                      </td>
                      <td class="num">{s.cap}</td>
                      <td class="num">{s.spent}</td>
                      <td class="num">{s.remaining}</td>
                      <td>{when(s.expirationUnix * 1000)}</td>
                      <td data-testid="session-legacy">{s.legacy ? 'yes' : 'no'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              {p.nextCursor && (
                <button type="button" onClick={() => setCursor(p.nextCursor)}>
                  Next page
                </button>
              )}
            </>
          );
        }}
      </View>
    </div>
  );
}
