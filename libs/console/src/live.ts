import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { AdminClient, PrivatePaymentEvent, SettlementEvent } from './api';
import type { LiveEvent, StreamState } from './events';

export interface Live {
  readonly client: AdminClient;
  /** Events received on the stream since the page loaded, newest first. */
  readonly events: readonly LiveEvent[];
  readonly stream: StreamState;
}

export const LiveContext = createContext<Live | undefined>(undefined);

export function useLive(): Live {
  const live = useContext(LiveContext);
  if (live === undefined) throw new Error('useLive outside the signed-in console');
  return live;
}

const settlementKey = (e: SettlementEvent) => `${e.kind}:${e.settlementId}`;

/** The fetched list plus what arrived live since, newest first, each event once. */
export function mergeSettlements(fetched: readonly SettlementEvent[], live: readonly LiveEvent[]): SettlementEvent[] {
  const seen = new Set<string>();
  const out: SettlementEvent[] = [];
  for (const e of [...live.filter((x): x is SettlementEvent => x.kind !== 'private.payment.observed'), ...fetched]) {
    const k = settlementKey(e);
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(e);
  }
  return out.sort((a, b) => Date.parse(b.at) - Date.parse(a.at));
}

export function mergePayments(fetched: readonly PrivatePaymentEvent[], live: readonly LiveEvent[]): PrivatePaymentEvent[] {
  const seen = new Set<string>();
  const out: PrivatePaymentEvent[] = [];
  for (const e of [...live.filter((x): x is PrivatePaymentEvent => x.kind === 'private.payment.observed'), ...fetched]) {
    const k = `${e.paymentId}:${e.signature}`;
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(e);
  }
  return out.sort((a, b) => Date.parse(b.at) - Date.parse(a.at));
}
