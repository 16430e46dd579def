import { randomUUID } from 'node:crypto';
import type { LegacySessionPaymentPayload, PaymentRequirements as LedgerRequirements, SessionPaymentPayload } from '@quietpay/contracts';
import { LegacySessionPaymentSchema, SessionPaymentSchema } from '@quietpay/x402';
import type { PaymentRequest } from '../../facilitation/payment-request';
import type { MappedReason } from './ledger-reason.mapper';
import type { SessionSchemeSettings } from './session-kinds';

/** What the ledger needs for verify and reserve, or why the gateway refuses before asking it. */
export type SessionCall =
  | {
      readonly ok: true;
      readonly sessionId: string;
      readonly nonce: string | undefined;
      readonly amount: string;
      readonly payload: SessionPaymentPayload | undefined;
      readonly legacyPayload: LegacySessionPaymentPayload | undefined;
      readonly requirements: LedgerRequirements;
      readonly resource: string;
    }
  | ({ readonly ok: false } & MappedReason);

const refuse = (reason: string, message: string): SessionCall => ({ ok: false, reason, message });

/**
 * The stateless checks (network, asset, payload shape, resource) and the mapping to the ledger's
 * request. Everything that needs the session (caps, nonces, signatures) is the ledger's job.
 */
export function toSessionCall(request: PaymentRequest, settings: SessionSchemeSettings, network: string): SessionCall {
  const r = request.requirements;
  if (request.network !== network) return refuse('invalid_network', `this facilitator settles session payments on ${network}`);
  if (r.asset !== settings.mint) return refuse('asset_mismatch', 'asset is not the mint this facilitator settles');
  const requirements: LedgerRequirements = {
    scheme: r.scheme,
    network,
    asset: r.asset,
    amount: r.amount,
    payTo: r.payTo,
    maxTimeoutSeconds: r.maxTimeoutSeconds,
    extra: flattenExtra(r.extra),
  };
  const signed = SessionPaymentSchema.safeParse(request.payload);
  if (signed.success) {
    const p = signed.data;
    if (request.resourceUrl !== undefined && p.resource !== request.resourceUrl) {
      return refuse('resource_mismatch', 'the signed resource differs from the resource being paid for');
    }
    return {
      ok: true,
      sessionId: p.sessionId,
      nonce: p.nonce,
      amount: p.amount,
      payload: p,
      legacyPayload: undefined,
      requirements,
      resource: request.resourceUrl ?? p.resource,
    };
  }
  // The seed's {sessionId, amount, nonce?}: forwarded as such; the ledger honours it only in legacy
  // mode and only for a session opened in the seed's shape.
  const legacy = LegacySessionPaymentSchema.safeParse(request.payload);
  if (legacy.success) {
    const p = legacy.data;
    const legacyPayload: LegacySessionPaymentPayload = { sessionId: p.sessionId, amount: p.amount, nonce: p.nonce ?? '' };
    return {
      ok: true,
      sessionId: p.sessionId,
      nonce: p.nonce,
      amount: p.amount,
      payload: undefined,
      legacyPayload,
      requirements,
      resource: request.resourceUrl ?? '',
    };
  }
  const issues = signed.error.issues
    .slice(0, 3)
    .map((i) => `${i.path.join('.') || 'payload'}: ${i.message}`)
    .join('; ');
  return refuse('invalid_payload', `session payload: ${issues}`);
}

/** The proto carries `extra` as strings; non-strings travel as their JSON text. */
function flattenExtra(extra: Readonly<Record<string, unknown>>): Record<string, string> {
  return Object.fromEntries(Object.entries(extra).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]));
}

const PAYMENT_ID = /^[A-Za-z0-9_-]{16,128}$/;

/**
 * The charge's idempotency key: the x402 `payment-identifier` extension when present (a string,
 * `{id}` or `{info: {id}}`), else `sessionId:nonce`.
 */
export function idempotencyKeyOf(request: PaymentRequest, call: Extract<SessionCall, { ok: true }>): string {
  const ext = request.extensions['payment-identifier'];
  const id = typeof ext === 'string' ? ext : (pick(ext, 'id') ?? pick(pick(ext, 'info'), 'id'));
  if (typeof id === 'string' && PAYMENT_ID.test(id)) return `pid:${id}`;
  // A seed payload without a nonce has no replay identity: each such call is its own charge.
  return call.nonce === undefined ? `legacy:${randomUUID()}` : `${call.sessionId}:${call.nonce}`;
}

function pick(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
}
