import {
  type Charge,
  ChargeState,
  type CommandError,
  type SettleChargeRequest,
  type SettleChargeResult,
  SettlementStatus,
  type SubmissionReceipt,
} from '@quietpay/contracts';
import { QuietpayError } from '@quietpay/platform';
import type { NetworkResolver } from '@quietpay/x402';
import { describe, expect, it } from 'vitest';
import type { GatewayConfig } from '../../config.schema';
import type { PaymentRequest } from '../../facilitation/payment-request';
import type { SessionLedgerClient } from '../../ports/session-ledger.client';
import type { SubmitterClient } from '../../ports/submitter.client';
import { SessionScheme } from './session.scheme';

// Batched /settle through SettleCharge (one ledger request), against scripted ledger answers: the
// answer the resource server gets, and which serve token the ledger is asked to claim.

const NETWORK = 'solana:test';
const SETTLEMENT = 'sess-1.11111111-2222-3333-4444-555555555555';
const CONFIG = {
  NETWORK,
  FACILITATOR_PUBKEY: 'Facilitator1111111111111111111111111111111',
  INCO_MINT: 'Mint111111111111111111111111111111111111111',
  SETTLEMENT_MODE: 'batched',
  SETTLE_TIMEOUT_MS: 2_000,
  SETTLE_STATUS_POLL_MS: 20,
} as unknown as GatewayConfig;
const REQUEST: PaymentRequest = {
  x402Version: 2,
  requirements: { scheme: 'session', network: NETWORK, asset: CONFIG.INCO_MINT!, amount: '10', payTo: 'Merchant', maxTimeoutSeconds: 60, extra: {} },
  network: NETWORK as PaymentRequest['network'],
  payload: { sessionId: 'sess-1', amount: '10', nonce: 'n-1' },
  resourceUrl: undefined,
  extensions: {},
};
const CHARGE: Charge = {
  settlementId: SETTLEMENT,
  sessionId: 'sess-1',
  idempotencyKey: 'sess-1:n-1',
  amount: '10',
  state: ChargeState.RESERVED,
  spent: '10',
  cap: '1000',
  duplicate: false,
  payer: 'Payer',
};
const queued = (accepted = true): SubmissionReceipt => ({
  settlementId: SETTLEMENT,
  accepted,
  duplicate: false,
  status: SettlementStatus.QUEUED,
  signature: '',
  failureReason: '',
  transferAmount: '0',
  transferCharges: 0,
});
const wire = (code: string, retryable: boolean): CommandError => ({ code, message: code, retryable, context: {} });
const error = (code: string, retryable: boolean): QuietpayError => new QuietpayError(code, code, { retryable });

/** A ledger whose SettleCharge answers are scripted; records every request it was sent. */
function fakeLedger(answers: (SettleChargeResult | QuietpayError)[], serve: (QuietpayError | 'ok')[] = ['ok']) {
  const sent = { settles: [] as SettleChargeRequest[], submits: 0, serves: [] as string[] };
  const ledger = {
    settle: (request: SettleChargeRequest) => {
      const answer = answers[Math.min(sent.settles.length, answers.length - 1)]!;
      sent.settles.push(request);
      return answer instanceof QuietpayError ? Promise.reject(answer) : Promise.resolve(answer);
    },
    submit: () => {
      sent.submits += 1;
      return Promise.resolve(queued());
    },
    serve: (_settlementId: string, token: string) => {
      const answer = serve[Math.min(sent.serves.length, serve.length - 1)]!;
      sent.serves.push(token);
      return answer === 'ok' ? Promise.resolve(CHARGE) : Promise.reject(answer);
    },
  };
  const submitter = { status: () => Promise.reject(error('bus_timeout', true)) };
  const networks = {} as NetworkResolver;
  const scheme = new SessionScheme(CONFIG, networks, ledger as unknown as SessionLedgerClient, submitter as unknown as SubmitterClient);
  return { scheme, sent };
}

describe('SessionScheme.settle in batched mode (SettleCharge)', () => {
  it('one request: reserved, handed over and served by the ledger is a success with no further hop', async () => {
    const { scheme, sent } = fakeLedger([{ charge: CHARGE, receipt: queued(), served: true }]);
    await expect(scheme.settle(REQUEST)).resolves.toMatchObject({ success: true, payer: 'Payer', amount: '10', extra: { settlementId: SETTLEMENT } });
    expect(sent.settles).toHaveLength(1);
    expect(sent.settles[0]).toMatchObject({ idempotencyKey: 'sess-1:n-1', timeoutMs: 2_000, legacyPayload: { sessionId: 'sess-1', nonce: 'n-1' } });
    expect(sent.settles[0]!.serveToken).toMatch(/^[0-9a-f-]{36}$/);
    expect(sent).toMatchObject({ submits: 0, serves: [] });
  });

  it("a success carries the seed's extensions.session {id, spent, remaining} beside quietpay's extra (issue 11)", async () => {
    const { scheme } = fakeLedger([{ charge: { ...CHARGE, spent: '30', cap: '1000' }, receipt: queued(), served: true }]);
    const answer = await scheme.settle(REQUEST);
    expect(answer).toMatchObject({ success: true, extra: { settlementId: SETTLEMENT } });
    expect(answer.extensions).toEqual({ session: { id: 'sess-1', spent: '30', remaining: '970' } });
  });

  it('a lost reply is asked again with the same serve token', async () => {
    const { scheme, sent } = fakeLedger([error('bus_timeout', true), { charge: CHARGE, receipt: queued(), served: true }]);
    await expect(scheme.settle(REQUEST)).resolves.toMatchObject({ success: true });
    expect(sent.settles.map((s) => s.serveToken)).toEqual([sent.settles[0]!.serveToken, sent.settles[0]!.serveToken]);
  });

  it("the ledger's refusal of the reservation is the answer", async () => {
    const { scheme } = fakeLedger([error('cap_exceeded', false)]);
    await expect(scheme.settle(REQUEST)).resolves.toMatchObject({ success: false, errorReason: 'cap_exceeded' });
  });

  it('a released charge pays for nothing', async () => {
    const { scheme, sent } = fakeLedger([{ charge: { ...CHARGE, state: ChargeState.RELEASED }, served: false }]);
    await expect(scheme.settle(REQUEST)).resolves.toMatchObject({ success: false, errorReason: 'unexpected_settle_error' });
    expect(sent.serves).toEqual([]);
  });

  it('a serve another token holds is nonce_replayed, not served', async () => {
    const { scheme, sent } = fakeLedger([{ charge: CHARGE, receipt: queued(), served: false, serveError: wire('nonce_replayed', false) }]);
    await expect(scheme.settle(REQUEST)).resolves.toMatchObject({ success: false, errorReason: 'nonce_replayed' });
    expect(sent.serves).toEqual([]);
  });

  it('a serve the ledger could not record is claimed again with the SAME token before success is answered', async () => {
    const { scheme, sent } = fakeLedger([{ charge: CHARGE, receipt: queued(), served: false, serveError: wire('internal', true) }]);
    await expect(scheme.settle(REQUEST)).resolves.toMatchObject({ success: true });
    expect(sent.serves).toEqual([sent.settles[0]!.serveToken]);
  });

  it('a hand-off the submitter refused is a failure and serves nothing', async () => {
    const { scheme, sent } = fakeLedger([{ charge: CHARGE, submitError: wire('settlement_conflict', false), served: false }]);
    await expect(scheme.settle(REQUEST)).resolves.toMatchObject({ success: false, errorReason: 'unexpected_settle_error' });
    expect(sent.serves).toEqual([]);
  });

  it('a hand-off that failed fast (submitter gone) is settlement_pending with the settlement id, serving nothing', async () => {
    const { scheme, sent } = fakeLedger([{ charge: CHARGE, submitError: wire('bus_no_responders', true), served: false }]);
    await expect(scheme.settle(REQUEST)).resolves.toMatchObject({ success: false, errorReason: 'settlement_pending', transaction: SETTLEMENT });
    expect(sent).toMatchObject({ submits: 0, serves: [] });
  });

  it('a hand-off the ledger stopped waiting for is followed stepwise, then served with the same token', async () => {
    const { scheme, sent } = fakeLedger([{ charge: CHARGE, submitError: wire('bus_timeout', true), served: false }]);
    await expect(scheme.settle(REQUEST)).resolves.toMatchObject({ success: true });
    expect(sent.submits).toBe(1);
    expect(sent.serves).toEqual([sent.settles[0]!.serveToken]);
  });

  it('a hand-off not accepted is a failure and serves nothing', async () => {
    const { scheme, sent } = fakeLedger([{ charge: CHARGE, receipt: queued(false), served: false }]);
    await expect(scheme.settle(REQUEST)).resolves.toMatchObject({ success: false });
    expect(sent.serves).toEqual([]);
  });
});
