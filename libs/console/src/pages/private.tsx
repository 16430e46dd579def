import type { PrivatePaymentEvent } from '../api';
import { when } from '../format';
import { mergePayments, useLive } from '../live';
import { Empty, Id, Signature, useLoad, View } from '../components/ui';

/** Private (px402) payments the chain-poller observed, with live additions. */
export function PrivatePayments() {
  const { client, events } = useLive();
  const list = useLoad(() => client.get<{ items: PrivatePaymentEvent[] }>('/private-payments?limit=500'), []);
  return (
    <View loaded={list} what="private payments">
      {(data) => {
        const rows = mergePayments(data.items, events);
        if (rows.length === 0) return <Empty>No private payment observed yet.</Empty>;
        return (
          <table data-testid="private-table">
            <thead>
              <tr>
                <th>at</th>
                <th>payment</th>
                <th>amount</th>
                <th>recipient</th>
                <th>mint</th>
                <th>slot</th>
                <th>signature</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((p) => (
                <tr key={`${p.paymentId}:${p.signature}`}>
                  <td>{when(p.at)}</td>
                  <td>
                    <Id value={p.paymentId} />
                  </td>
                  <td class="num">{p.amount}</td>
                  <td>
                    <Id value={p.recipient} />
                  </td>
                  <td>
                    <Id value={p.mint} />
                  </td>
                  <td class="num">{p.slot}</td>
                  <td>
                    <Signature value={p.signature} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        );
      }}
    </View>
  );
}
