import type { PaymentPayload } from '@quietpay/x402';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ProxiedSubmitterStack, startProxiedSubmitterStack } from '../support/proxied-submitter-stack';
import type { RpcFaultProxy } from '../support/rpc-fault-proxy';
import { eventually, type ServiceProcess } from '../support/service.process';
import { type SessionPayer, type SettleAnswer, settleOnce, settleUntilDecided } from '../support/session-payer';
import type { SessionStack } from '../support/session-stack';

// The crash windows of a per-call settlement with the whole session stack as processes on
// localnet: a dependency gone for longer than any fixed retry count, and the submitter killed
// twice in the middle of the same settlement. The RPC proxy holds the submitter's status reads,
// so a test can act while a transfer sits between "sent" and "confirmed".

interface Receipt {
  readonly settlementId: string;
  readonly state: string;
  readonly signature: string;
}

const PRICE = 10_000n;
let fixture: ProxiedSubmitterStack;
let stack: SessionStack;
let proxy: RpcFaultProxy;
let payer: SessionPayer;

const settle = (paymentPayload: PaymentPayload): Promise<SettleAnswer> => settleOnce(stack.gatewayUrl, payer, paymentPayload);

async function receipt(settlementId: string): Promise<Receipt> {
  return eventually(
    async () => {
      const body = (await (await fetch(`${stack.gatewayUrl}/settlements/${settlementId}`)).json()) as Receipt;
      return body.state === 'settled' || body.state === 'failed' ? body : undefined;
    },
    `settlement ${settlementId} to finish`,
    900,
    200,
  );
}

const spent = (): Promise<bigint> => fixture.spent();

/** The submitter's settlement id for the one transfer the proxy saw, once it is on chain. */
const landedTransfer = (): Promise<string> => fixture.landedTransfer();

function submitter(): ServiceProcess {
  return stack.processes.find((p) => p.name === 'submitter')!;
}

function retriesLogged(proc: ServiceProcess, reason: string): number {
  return proc.logs.filter((l) => l.msg === 'settlement attempt failed, will retry' && l['reason'] === reason).length;
}

beforeAll(async () => {
  fixture = await startProxiedSubmitterStack(
    {
      CONFIRM_POLL_MS: '100',
      SETTLEMENT_BACKOFF_MS: '100',
      SETTLEMENT_BACKOFF_MAX_MS: '500',
      SETTLEMENT_WAIT_MS: '1000',
      // Stall detection in seconds, not the 30 s default, so a killed worker's job moves on quickly.
      SETTLEMENT_JOB_LOCK_MS: '2000',
      SETTLEMENT_STALLED_INTERVAL_MS: '500',
      SOURCE_LOCK_TTL_MS: '2000',
    },
    PRICE,
  );
  ({ stack, proxy, payer } = fixture);
}, 300_000);

afterAll(async () => {
  await fixture?.stop();
}, 60_000);

describe('submitter through outages', () => {
  it('a landed transfer whose commit cannot reach the ledger (down longer than any retry count) still ends settled, charged once', async () => {
    proxy.reset();
    const before = await spent();
    const release = proxy.holdStatuses('submitter');
    const answer = settle(payer.payload());
    const signature = await landedTransfer();
    const restartLedger = await stack.kill('session-ledger');
    release();
    // Well past the 6 attempts that used to fail the job for good.
    await eventually(async () => (retriesLogged(submitter(), 'commit_pending') >= 10 ? true : undefined), 'ten commit retries', 600, 100);
    await restartLedger();
    const settlementId = (await answer).extra?.settlementId ?? '';
    expect(settlementId).not.toBe('');
    expect(await receipt(settlementId)).toMatchObject({ state: 'settled', signature });
    expect(proxy.sent.map((s) => s.signature)).toEqual([signature]);
    expect((await spent()) - before).toBe(PRICE);
  }, 240_000);

  it('a settlement whose submitter is killed twice mid-confirmation (stalled twice) settles once', async () => {
    proxy.reset();
    const before = await spent();
    let release = proxy.holdStatuses('submitter');
    const answer = settle(payer.payload());
    const signature = await landedTransfer();
    for (let kill = 0; kill < 2; kill += 1) {
      const polls = proxy.sent[0]!.statusPolls;
      const restart = await stack.kill('submitter');
      release();
      release = proxy.holdStatuses('submitter');
      await restart();
      // The restarted worker took the stalled job over: it is asking the chain about the same bytes.
      await eventually(async () => (proxy.sent[0]!.statusPolls > polls ? true : undefined), 'the stalled job to be resumed', 600, 100);
    }
    release();
    const settlementId = (await answer).extra?.settlementId ?? '';
    expect(await receipt(settlementId)).toMatchObject({ state: 'settled', signature });
    expect(proxy.sent.map((s) => s.signature)).toEqual([signature]);
    expect((await spent()) - before).toBe(PRICE);
  }, 240_000);

  it('/settle with the ledger down answers settlement_pending (not a verdict); the same payment settles once, when it is back', async () => {
    proxy.reset();
    const before = await spent();
    const payment = payer.payload();
    const restartLedger = await stack.kill('session-ledger');
    const during = await settle(payment);
    expect(during).toMatchObject({ success: false, errorReason: 'settlement_pending' });
    await restartLedger();
    const after = await settleUntilDecided(stack.gatewayUrl, payer, payment);
    expect(after.success, JSON.stringify(after)).toBe(true);
    expect(await receipt(after.extra?.settlementId ?? '')).toMatchObject({ state: 'settled' });
    expect(proxy.sent).toHaveLength(1);
    expect((await spent()) - before).toBe(PRICE);
  }, 240_000);
});
