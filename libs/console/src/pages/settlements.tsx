import { useState } from 'preact/hooks';
import type { SettlementEvent, SettlementReceipt } from '../api';
import { when } from '../format';
import { mergeSettlements, useLive } from '../live';
import { Card, Empty, Id, Signature, useLoad, View } from '../components/ui';

/** Recent settlement outcomes (JetStream retention) with live additions; a row opens its receipt. */
export function Settlements() {
  const { client, events } = useLive();
  const list = useLoad(() => client.get<{ items: SettlementEvent[] }>('/settlements?limit=500'), []);
  const [open, setOpen] = useState<string | undefined>(undefined);
  return (
    <div>
      {open && <Receipt settlementId={open} onClose={() => setOpen(undefined)} />}
      <View loaded={list} what="settlements">
        {(data) => {
          const rows = mergeSettlements(data.items, events);
          if (rows.length === 0) return <Empty>No settlement retained yet.</Empty>;
          return (
            <table data-testid="settlements-table">
              <thead>
                <tr>
                  <th>at</th>
                  <th>outcome</th>
                  <th>settlement</th>
                  <th>session</th>
                  <th>amount</th>
                  <th>signature / reason</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((e) => (
                  <tr key={`${e.kind}:${e.settlementId}`} data-settlement={e.settlementId}>
                    <td>{when(e.at)}</td>
                    <td>
                      <span class={`badge ${e.kind === 'settlement.settled' ? 'settled' : 'failed'}`}>{e.kind.replace('settlement.', '')}</span>
                    </td>
                    <td>
                      <button type="button" class="link" onClick={() => setOpen(e.settlementId)}>
                        <Id value={e.settlementId} />
                      </button>
                    </td>
                    <td>
                      <a href={`#/sessions/${encodeURIComponent(e.sessionId)}`}>
                        <Id value={e.sessionId} />
                      </a>
                    </td>
                    <td class="num">{e.amount}</td>
                    <td>{e.signature ? <Signature value={e.signature} /> : <span class="muted">{e.reason ?? '—'}</span>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          );
        }}
      </View>
    </div>
  );
}

function Receipt({ settlementId, onClose }: { settlementId: string; onClose: () => void }) {
  const { client } = useLive();
  const receipt = useLoad(() => client.get<SettlementReceipt>(`/settlements/${encodeURIComponent(settlementId)}`), [settlementId]);
  return (
    <Card title={`Receipt ${settlementId}`}>
      <View loaded={receipt} what="receipt">
        {(r) => (
          <dl data-testid="receipt">
            <dt>state</dt>
            <dd>
              <span class={`badge ${r.state}`}>{r.state}</span>
              {r.failureReason && ` ${r.failureReason}`}
            </dd>
            <dt>amount</dt>
            <dd class="mono">{r.amount}</dd>
            <dt>signature</dt>
            <dd>
              <Signature value={r.signature} />
            </dd>
            <dt>attempts</dt>
            <dd>{r.attempts}</dd>
            <dt>batch</dt>
            <dd>
              {r.batch.size} charge(s):{' '}
              {r.batch.members.map((m) => (
                <Id key={m} value={m} />
              ))}
            </dd>
          </dl>
        )}
      </View>
      <button type="button" onClick={onClose}>
        Close receipt
      </button>
    </Card>
  );
}
