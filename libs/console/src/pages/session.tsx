import { useState } from 'preact/hooks';
import type { ActionResult, SessionDetail } from '../api';
import { when } from '../format';
import { useLive } from '../live';
import { Card, Empty, Failure, Id, Signature, useLoad, View } from '../components/ui';

/** One session: its terms, every charge with its settlement, and the close action. */
export function SessionPage({ sessionId }: { sessionId: string }) {
  const { client, events } = useLive();
  // A live settlement of this session reloads it, so its charge turns settled in place.
  const mine = events.filter((e) => e.kind !== 'private.payment.observed' && e.sessionId === sessionId).length;
  const detail = useLoad(() => client.get<SessionDetail>(`/sessions/${encodeURIComponent(sessionId)}`), [sessionId, mine]);

  return (
    <View loaded={detail} what="session">
      {({ session: s, charges }) => (
        <div>
          <h2 class="mono" data-testid="session-id">
            {s.sessionId}
          </h2>
          <div class="grid">
            <Card title="Terms">
              <dl>
                <dt>state</dt>
                <dd>
                  <span class={`badge ${s.state}`} data-testid="session-state">
                    {s.state}
                  </span>
                </dd>
                <dt>payer</dt>
                <dd class="mono">{s.payer}</dd>
                <dt>recipient</dt>
                <dd class="mono">{s.recipient}</dd>
                <dt>asset</dt>
                <dd class="mono">{s.asset}</dd>
                <dt>network</dt>
                <dd>{s.network}</dd>
                <dt>expires</dt>
                <dd>{when(s.expirationUnix * 1000)}</dd>
                <dt>opened</dt>
                <dd>{when(s.createdAtMs)}</dd>
                <dt>approve tx</dt>
                <dd>
                  <Signature value={s.approveTxSignature} />
                </dd>
                <dt>legacy</dt>
                <dd>{s.legacy ? 'yes' : 'no'}</dd>
              </dl>
            </Card>
            <Card title="Money">
              <dl>
                <dt>cap</dt>
                <dd class="mono" data-testid="session-cap">
                  {s.cap}
                </dd>
                <dt>spent</dt>
                <dd class="mono" data-testid="session-spent">
                  {s.spent}
                </dd>
                <dt>remaining</dt>
                <dd class="mono" data-testid="session-remaining">
                  {s.remaining}
                </dd>
                <dt>per call</dt>
                <dd class="mono">{s.perCallLimit}</dd>
              </dl>
            </Card>
            {s.state === 'active' && <CloseSession sessionId={s.sessionId} onClosed={detail.reload} />}
          </div>
          <h3>Charges ({charges.length})</h3>
          {charges.length === 0 ? (
            <Empty>No charge yet.</Empty>
          ) : (
            <table data-testid="charges-table">
              <thead>
                <tr>
                  <th>charge / settlement</th>
                  <th>amount</th>
                  <th>charge</th>
                  <th>settlement</th>
                  <th>attempts</th>
                  <th>signature</th>
                  <th>updated</th>
                </tr>
              </thead>
              <tbody>
                {charges.map((c) => (
                  <tr key={c.chargeId} data-charge={c.chargeId}>
                    <td>
                      <Id value={c.chargeId} />
                    </td>
                    <td class="num">{c.amount}</td>
                    <td>
                      <span class={`badge ${c.state}`}>{c.state}</span>
                      {c.reason && <span class="muted"> {c.reason}</span>}
                    </td>
                    <td>
                      {c.settlement ? <span class={`badge ${c.settlement.state}`}>{c.settlement.state}</span> : '—'}
                      {c.settlement?.failureReason && <span class="muted"> {c.settlement.failureReason}</span>}
                    </td>
                    <td class="num">{c.settlement?.attempts ?? '—'}</td>
                    <td>
                      <Signature value={c.signature || c.settlement?.signature} />
                    </td>
                    <td>{c.settlement ? when(c.settlement.updatedAtUnix * 1000) : '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      )}
    </View>
  );
}

export function CloseSession({ sessionId, onClosed }: { sessionId: string; onClosed: () => void }) {
  const { client } = useLive();
  const [reason, setReason] = useState('operator_closed');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | undefined>(undefined);
  const close = async () => {
    if (!window.confirm(`Close session ${sessionId}? Its next charge will be refused.`)) return;
    setBusy(true);
    setError(undefined);
    try {
      await client.send<ActionResult>('POST', `/sessions/${encodeURIComponent(sessionId)}/close`, { reason });
      onClosed();
    } catch (e) {
      setError(e as Error);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card title="Close" tone="warn">
      <label>
        reason <input value={reason} maxLength={200} onInput={(e) => setReason(e.currentTarget.value)} />
      </label>
      <button type="button" class="danger" disabled={busy || reason.trim() === ''} onClick={() => void close()}>
        Close session
      </button>
      {error && <Failure error={error} />}
    </Card>
  );
}
