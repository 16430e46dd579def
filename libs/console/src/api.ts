// The admin API as the console uses it (docs/admin-api.yaml): same origin, `Authorization: Bearer`.
// Amounts stay decimal strings of base units end to end; the console never parses them to numbers
// (BigInt only, to sum them).

export type SessionState = 'active' | 'closed' | 'expired' | 'revoked' | 'suspended' | 'unknown';

export interface SessionSummary {
  readonly sessionId: string;
  readonly payer: string;
  readonly recipient: string;
  readonly asset: string;
  readonly network: string;
  readonly state: SessionState;
  readonly cap: string;
  readonly spent: string;
  readonly remaining: string;
  readonly perCallLimit: string;
  readonly expirationUnix: number;
  readonly createdAtMs: number;
  readonly approveTxSignature?: string;
  readonly legacy: boolean;
}

export interface SettlementStatus {
  readonly state: 'queued' | 'submitted' | 'settled' | 'failed' | 'unknown';
  readonly signature: string;
  readonly failureReason?: string;
  readonly attempts: number;
  readonly updatedAtUnix: number;
}

export interface Charge {
  readonly chargeId: string;
  readonly amount: string;
  readonly state: 'reserved' | 'settled' | 'released';
  readonly signature: string;
  readonly reason: string;
  readonly settlement?: SettlementStatus | null;
}

export interface SessionDetail {
  readonly session: SessionSummary;
  readonly charges: readonly Charge[];
}

export interface SettlementEvent {
  readonly kind: 'settlement.settled' | 'settlement.failed';
  readonly settlementId: string;
  readonly sessionId: string;
  readonly amount: string;
  readonly signature?: string;
  readonly reason?: string;
  readonly at: string;
  readonly seq?: number;
}

export interface PrivatePaymentEvent {
  readonly kind: 'private.payment.observed';
  readonly paymentId: string;
  readonly amount: string;
  readonly recipient: string;
  readonly mint: string;
  readonly signature: string;
  readonly slot: number;
  readonly at: string;
  readonly seq?: number;
}

export interface SettlementReceipt extends Omit<SettlementStatus, 'state'> {
  readonly settlementId: string;
  readonly sessionId: string;
  readonly amount: string;
  readonly state: SettlementStatus['state'];
  readonly batch: { readonly size: number; readonly members: readonly string[] };
}

export interface Balances {
  readonly facilitator: string;
  readonly lamports: string;
  readonly sol: string;
  readonly lowBalance?: boolean;
  readonly tokens: readonly { mint: string; account: string; amount: string; decimals: number; program: string }[];
}

export interface SystemHealth {
  readonly ready: boolean;
  readonly notReady: readonly string[];
  readonly services: Readonly<Record<string, { ready: boolean; checks: readonly { name?: string; ok?: boolean; detail?: string }[]; error?: string }>>;
}

export interface ActionResult {
  readonly action: string;
  readonly auditId: string;
  readonly result: Readonly<Record<string, unknown>>;
}

export interface AuditEntry {
  readonly id: string;
  readonly at: string;
  readonly keyId: string;
  readonly action: string;
  readonly target: string;
  readonly outcome: 'requested' | 'ok' | 'refused' | 'failed';
  readonly detail?: string;
}

export interface Recipient {
  readonly address: string;
  readonly label?: string;
  readonly registeredAtUnix?: number;
}

export interface Page<T> {
  readonly items: readonly T[];
  readonly nextCursor?: string;
}

/** A non-2xx answer: the API's stable `error` code and its message. */
export class AdminApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export interface AdminClient {
  get<T>(path: string): Promise<T>;
  send<T>(method: 'POST' | 'DELETE', path: string, body?: unknown): Promise<T>;
}

/** Calls `/admin/v1<path>` with the admin key; throws AdminApiError on any non-2xx answer. */
export function adminClient(key: string): AdminClient {
  async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { authorization: `Bearer ${key}`, accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`/admin/v1${path}`, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }), cache: 'no-store' });
    const text = await res.text();
    let parsed: unknown;
    try {
      parsed = text === '' ? {} : JSON.parse(text);
    } catch {
      parsed = { error: 'bad_response', message: text.slice(0, 200) };
    }
    // The health route answers 503 with the same body when a service is not ready: that is data, not a failure.
    if (res.ok || (res.status === 503 && path === '/health')) return parsed as T;
    const err = parsed as { error?: string; message?: string };
    throw new AdminApiError(res.status, err.error ?? `http_${res.status}`, err.message ?? res.statusText);
  }
  return {
    get: (path) => call('GET', path),
    send: (method, path, body) => call(method, path, body),
  };
}

/** GET /metrics/summary: the gateway's figures from the services' own Prometheus metrics (the shared contract). */
export type { LatencySummary as Latency, MetricsSummary } from '@quietpay/contracts';
