import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../support/service.process';
import { openSessionPayer } from '../support/session-payer';
import { startStalledWorkerStack, type StalledWorkerStack } from '../support/stalled-worker-stack';

// The per-call twin of batch-stalled-worker.test.ts: a per-call settlement whose worker stalls
// (SIGSTOP) after the ledger authorized the charge and before it sent anything; its BullMQ and
// source locks expire, a second submitter replica takes the job over and lands the charge. Then
// the first worker wakes up. It must not send a transfer of its own: only the transaction the
// ledger bound as the charge's one is ever sent (AuthorizeBatch/BindBatchTransaction with
// own_charge), so exactly one transfer lands and reaches the node.
//
// The stall is made exact with SIGSTOP: tx-builder is paused first, so the first worker waits in
// "build" (authorized, nothing signed or sent) when it is paused itself. The second worker's
// status reads are held at the RPC proxy until the first has woken, so its commit (which would
// otherwise close the window by settling the charge) comes after.

const PRICE = 10_000n;
let fixture: StalledWorkerStack;

beforeAll(async () => {
  fixture = await startStalledWorkerStack({ SETTLEMENT_MODE: 'per-call' });
}, 300_000);

afterAll(async () => {
  await fixture?.stop();
}, 60_000);

describe('a per-call settlement under a stalled worker', () => {
  it('the worker that stalled after authorization and woke after another replica landed the charge sends nothing: the charge is paid once', async () => {
    const { stack, proxy, kind, submitterEnv, running, ledgerCharges, landed, onChain } = fixture;
    const { agent, merchant } = stack.wallets;
    const payer = await openSessionPayer(stack, kind, agent, merchant, PRICE);
    const payerBefore = await stack.balanceOf(agent);
    const first = running('submitter');
    const txBuilder = running('tx-builder');
    proxy.reset();

    // The first worker will wait in "build": authorized by the ledger, nothing signed.
    txBuilder.signal('SIGSTOP');
    const payload = payer.payload();
    // Per call, /settle answers once the transfer confirmed: its answer is read at the end.
    const answer = fetch(`${stack.gatewayUrl}/settle`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ x402Version: 2, paymentPayload: payload, paymentRequirements: payer.requirements }),
    }).then(async (res) => (await res.json()) as { success: boolean; errorReason?: string });
    await eventually(
      async () => {
        const charges = await ledgerCharges(payer.sessionId);
        return charges.length === 1 && charges.every((c) => c.authorizedBy === 'self') ? true : undefined;
      },
      'the first worker to hold the charge authorization',
      600,
      50,
    );
    first.signal('SIGSTOP');
    txBuilder.signal('SIGCONT');

    // A second replica takes the stalled job over once the locks expire; its confirmations wait.
    const releaseSecond = proxy.holdStatuses('submitter-b');
    await stack.addReplica('submitter', submitterEnv('submitter-b', 30_000));
    const secondTx = await eventually(
      async () => {
        const tx = proxy.sent.find((s) => s.client === 'submitter-b' && s.accepted);
        return tx !== undefined && (await landed(tx.signature)) ? tx.signature : undefined;
      },
      'the second replica to land the charge',
      600,
      100,
    );

    // The first worker wakes up with the charge still reserved (the second has not committed it
    // yet) and runs to the end of its attempt.
    const logsBefore = first.logs.length;
    first.signal('SIGCONT');
    await eventually(
      async () =>
        first.logs.slice(logsBefore).some((l) => l.msg === 'settlement attempt failed, will retry' || l.msg === 'settlement confirmed') ? true : undefined,
      'the woken worker to finish its attempt',
      600,
      100,
    );
    releaseSecond();

    await eventually(
      async () => ((await ledgerCharges(payer.sessionId)).every((c) => c.state === 'settled') ? true : undefined),
      'the charge to settle',
      600,
      100,
    );
    // Only the second replica's transaction ever reached the node, and it landed once.
    const accepted = proxy.sent.filter((s) => s.accepted);
    const verdicts = await eventually(
      async () => {
        const all = await Promise.all(accepted.map(async (s) => ({ signature: s.signature, client: s.client, verdict: await onChain(s.signature) })));
        return all.every((v) => v.verdict !== undefined) ? all : undefined;
      },
      'every accepted transaction to reach a verdict',
      600,
      100,
    );
    expect(
      verdicts.map((v) => v.signature),
      JSON.stringify(verdicts),
    ).toEqual([secondTx]);
    expect(verdicts[0]?.verdict).toBe('landed');
    expect((await ledgerCharges(payer.sessionId)).map((c) => c.signature)).toEqual([secondTx]);
    expect(payerBefore - (await stack.balanceOf(agent))).toBe(PRICE);
    // The client's one call: answered success, or pending (then the same header converges).
    expect(JSON.stringify(await answer)).toMatch(/"success":true|settlement_pending/);
  }, 300_000);
});
