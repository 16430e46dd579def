import { useState } from 'preact/hooks';
import { AdminApiError, type ActionResult, type AuditEntry, type Recipient } from '../api';
import { when } from '../format';
import { useLive } from '../live';
import { Card, Empty, Failure, Id, useLoad, View } from '../components/ui';
import { CloseSession } from './session';
import { DEFAULT_EXPLORER, explorerTemplate, setExplorerTemplate } from '../settings';

/** Every action the admin API offers, and the audit log they write to. */
export function Actions() {
  const { client } = useLive();
  const audit = useLoad(() => client.get<{ items: AuditEntry[] }>('/audit?limit=50'), []);
  const [sessionId, setSessionId] = useState('');
  return (
    <div>
      <div class="grid">
        <Reconcile onDone={audit.reload} />
        <Card title="Close a session">
          <label>
            session id <input value={sessionId} onInput={(e) => setSessionId(e.currentTarget.value.trim())} />
          </label>
        </Card>
        {sessionId && <CloseSession sessionId={sessionId} onClosed={audit.reload} />}
        <Recipients onChanged={audit.reload} />
        <Card title="Rotate px402 secrets">
          <p>
            The payment-token secrets live in each resource server's secret directory and never pass through the gateway, so rotation runs on that host:{' '}
            <code>quietpay secrets rotate --dir &lt;secret dir&gt;</code> (current becomes previous; tokens signed with either verify until the next rotation).
          </p>
        </Card>
        <ExplorerSetting />
      </div>
      <h3>Audit log</h3>
      <View loaded={audit} what="audit log">
        {(data) =>
          data.items.length === 0 ? (
            <Empty>No admin action yet.</Empty>
          ) : (
            <table data-testid="audit-table">
              <thead>
                <tr>
                  <th>at</th>
                  <th>key</th>
                  <th>action</th>
                  <th>target</th>
                  <th>outcome</th>
                  <th>detail</th>
                </tr>
              </thead>
              <tbody>
                {data.items.map((a) => (
                  <tr key={a.id}>
                    <td>{when(a.at)}</td>
                    <td>{a.keyId}</td>
                    <td>{a.action}</td>
                    <td>
                      <Id value={a.target} />
                    </td>
                    <td>
                      <span class={`badge ${a.outcome === 'ok' ? 'settled' : a.outcome === 'requested' ? 'queued' : 'failed'}`}>{a.outcome}</span>
                    </td>
                    <td>{a.detail ?? ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )
        }
      </View>
    </div>
  );
}

function Reconcile({ onDone }: { onDone: () => void }) {
  const { client } = useLive();
  const [olderThan, setOlderThan] = useState('');
  const [result, setResult] = useState<ActionResult | undefined>(undefined);
  const [error, setError] = useState<Error | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const run = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const seconds = olderThan.trim() === '' ? undefined : Number(olderThan);
      setResult(await client.send<ActionResult>('POST', '/reconcile', seconds === undefined ? {} : { olderThanSeconds: seconds }));
      onDone();
    } catch (e) {
      setError(e as Error);
    } finally {
      setBusy(false);
    }
  };
  const report = result?.result as
    { examined?: number; repaired?: number; oldestOpenAgeSeconds?: number; repairedSettlementIds?: readonly string[] } | undefined;
  return (
    <Card title="Reconcile once">
      <label>
        only open at least (s){' '}
        <input inputMode="numeric" placeholder="configured bound" value={olderThan} onInput={(e) => setOlderThan(e.currentTarget.value)} />
      </label>
      <button type="button" disabled={busy} onClick={() => void run()}>
        Run reconciler
      </button>
      {report && (
        <p data-testid="reconcile-report">
          examined {report.examined} · repaired {report.repaired} · oldest open {report.oldestOpenAgeSeconds}s
        </p>
      )}
      {report?.repairedSettlementIds && report.repairedSettlementIds.length > 0 && (
        <ul class="plain" data-testid="reconcile-repaired">
          {report.repairedSettlementIds.map((id) => (
            <li key={id}>
              <Id value={id} />
            </li>
          ))}
        </ul>
      )}
      {error && <Failure error={error} />}
    </Card>
  );
}

function Recipients({ onChanged }: { onChanged: () => void }) {
  const { client } = useLive();
  const list = useLoad(() => client.get<{ items: Recipient[] }>('/recipients'), []);
  const [address, setAddress] = useState('');
  const [label, setLabel] = useState('');
  const [error, setError] = useState<Error | undefined>(undefined);
  const act = async (method: 'POST' | 'DELETE', target: string) => {
    setError(undefined);
    try {
      if (method === 'POST') await client.send('POST', '/recipients', { address: target, ...(label ? { label } : {}) });
      else await client.send('DELETE', `/recipients/${encodeURIComponent(target)}`);
      list.reload();
      onChanged();
    } catch (e) {
      setError(e as Error);
    }
  };
  // The registry routes are documented but not every gateway serves them yet (404): say so instead of failing.
  if (list.error instanceof AdminApiError && list.error.status === 404) {
    return (
      <Card title="Recipients">
        <p class="muted">This gateway does not serve the recipient registry routes yet.</p>
      </Card>
    );
  }
  return (
    <Card title="Recipients">
      <View loaded={list} what="recipients">
        {(data) =>
          data.items.length === 0 ? (
            <Empty>No registered recipient.</Empty>
          ) : (
            <ul class="plain">
              {data.items.map((r) => (
                <li key={r.address}>
                  <Id value={r.address} /> {r.label}{' '}
                  <button type="button" class="danger" onClick={() => window.confirm(`Remove ${r.address}?`) && void act('DELETE', r.address)}>
                    remove
                  </button>
                </li>
              ))}
            </ul>
          )
        }
      </View>
      <label>
        address <input value={address} onInput={(e) => setAddress(e.currentTarget.value.trim())} />
      </label>
      <label>
        label <input value={label} maxLength={100} onInput={(e) => setLabel(e.currentTarget.value)} />
      </label>
      <button type="button" disabled={address === ''} onClick={() => void act('POST', address)}>
        Register
      </button>
      {error && <Failure error={error} />}
    </Card>
  );
}

function ExplorerSetting() {
  const [template, setTemplate] = useState(explorerTemplate());
  const [saved, setSaved] = useState(false);
  return (
    <Card title="Explorer links">
      <label>
        URL template (<code>{'{signature}'}</code>){' '}
        <input
          value={template}
          onInput={(e) => {
            setTemplate(e.currentTarget.value);
            setSaved(false);
          }}
        />
      </label>
      <button
        type="button"
        disabled={!template.includes('{signature}')}
        onClick={() => {
          setExplorerTemplate(template);
          setSaved(true);
        }}
      >
        Save
      </button>
      <button
        type="button"
        onClick={() => {
          setTemplate(DEFAULT_EXPLORER);
          setExplorerTemplate(DEFAULT_EXPLORER);
          setSaved(true);
        }}
      >
        Default
      </button>
      {saved && <span class="muted"> saved</span>}
    </Card>
  );
}
