import type { Balances, SessionSummary, SettlementEvent, SystemHealth } from '../api';
import { perBucket, sumAmounts, when } from '../format';
import { mergeSettlements, useLive } from '../live';
import { Card, Id, Signature, Sparkline, useLoad, View } from '../components/ui';
import { MetricsPanel } from './metrics-panel';
import { walkPages } from '../pages-walk';

const MINUTE = 60_000;
// The sessions card counts over every page of the listing, up to this many requests (200 sessions or
// one bounded SCAN each); past it the figures are marked with a +.
const SESSION_PAGES = 50;

/** Live service metrics, then settlements, sessions, the facilitator's SOL and every service's health, at a glance. */
export function Overview() {
  const { client, events } = useLive();
  const settlements = useLoad(() => client.get<{ items: SettlementEvent[] }>('/settlements?limit=500'), []);
  const sessions = useLoad(() => walkPages<SessionSummary>(client, '/sessions?limit=200', { maxPages: SESSION_PAGES }), []);
  const balances = useLoad(() => client.get<Balances>('/balances'), []);
  const health = useLoad(() => client.get<SystemHealth>('/health'), []);

  return (
    <div class="grid">
      <MetricsPanel client={client} />
      <View loaded={settlements} what="settlements">
        {(data) => {
          const all = mergeSettlements(data.items, events);
          const settled = all.filter((e) => e.kind === 'settlement.settled');
          const failed = all.filter((e) => e.kind === 'settlement.failed');
          const rate = perBucket(
            settled.map((e) => Date.parse(e.at)),
            MINUTE,
            30,
          );
          return (
            <>
              <Card title="Settled charges" tone="ok">
                <p class="big" data-testid="settled-count">
                  {settled.length}
                </p>
                <p>
                  total{' '}
                  <span class="mono" data-testid="settled-amount">
                    {sumAmounts(settled.map((e) => e.amount))}
                  </span>{' '}
                  base units
                </p>
              </Card>
              <Card title="Failed settlements" tone={failed.length > 0 ? 'bad' : undefined}>
                <p class="big" data-testid="failed-count">
                  {failed.length}
                </p>
                <p>{failed[0] ? `last: ${failed[0].reason ?? 'unknown'}` : 'none retained'}</p>
              </Card>
              <Card title="Settlements per minute (30 min)">
                <Sparkline values={rate} label="settlements per minute over the last 30 minutes" />
                <p class="muted">latest {settled[0] ? when(settled[0].at) : '—'}</p>
              </Card>
              <Card title="Latest settlements">
                {settled.length === 0 ? (
                  <p class="muted">none yet</p>
                ) : (
                  <ul class="plain" data-testid="latest-settlements">
                    {settled.slice(0, 5).map((e) => (
                      <li key={e.settlementId}>
                        <span class="mono">{e.amount}</span> · <Signature value={e.signature} /> ·{' '}
                        <a href={`#/sessions/${encodeURIComponent(e.sessionId)}`}>
                          <Id value={e.sessionId} />
                        </a>
                      </li>
                    ))}
                  </ul>
                )}
              </Card>
            </>
          );
        }}
      </View>
      <View loaded={sessions} what="sessions">
        {(page) => {
          const active = page.items.filter((s) => s.state === 'active');
          return (
            <Card title="Sessions">
              <p class="big" data-testid="active-sessions">
                {active.length}
              </p>
              <p>
                active of {page.items.length}
                {page.nextCursor ? '+' : ''} · spent{' '}
                <span class="mono" data-testid="sessions-spent">
                  {sumAmounts(page.items.map((s) => s.spent))}
                </span>
              </p>
            </Card>
          );
        }}
      </View>
      <View loaded={balances} what="balances">
        {(b) => (
          <Card title="Facilitator SOL" tone={b.lowBalance ? 'warn' : 'ok'}>
            <p class="big" data-testid="facilitator-sol">
              {b.sol}
            </p>
            {b.lowBalance && (
              <p class="warn-text" role="alert" data-testid="low-balance">
                Low balance: top up the facilitator before fees fail.
              </p>
            )}
            <p class="muted">
              <Id value={b.facilitator} /> · {b.tokens.length} token account(s)
            </p>
          </Card>
        )}
      </View>
      <View loaded={health} what="health">
        {(h) => (
          <Card title="Service health" tone={h.ready ? 'ok' : 'bad'}>
            <ul class="chips" data-testid="health">
              {Object.entries(h.services).map(([name, s]) => (
                <li
                  key={name}
                  class={s.ready ? 'chip ok' : 'chip bad'}
                  title={
                    s.error ??
                    s.checks
                      .filter((c) => !c.ok)
                      .map((c) => `${c.name}: ${c.detail ?? ''}`)
                      .join('; ')
                  }
                >
                  {name}
                </li>
              ))}
            </ul>
          </Card>
        )}
      </View>
    </div>
  );
}
