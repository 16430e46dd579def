import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../support/service.process';
import { openSessionPayer } from '../support/session-payer';
import { startStalledWorkerStack, type StalledWorkerStack } from '../support/stalled-worker-stack';

// A batch flush whose worker stalls (SIGSTOP) after the ledger authorized the batch and before it
// sent anything; its BullMQ and source locks expire, a second submitter replica takes the job over
// and lands the batch. Then the first worker wakes up. It must not send a second transfer of the
// same charges: the chaos tier found this paying one batch twice (the woken worker's stale bytes
// were refused, it rebuilt, and the ledger authorized the still-reserved charges again).
//
// The stall is made exact with SIGSTOP: tx-builder is paused first, so the first worker waits in
// "build" (authorized, nothing signed or sent) when it is paused itself. The second worker's
// status reads are held at the RPC proxy until the first has woken, so its commits (which would
// otherwise close the window by settling the charges) come after.

const PRICE = 10_000n;
const CALLS = 3;
let fixture: StalledWorkerStack;

beforeAll(async () => {
  // A window long enough for the test's three /settle calls to form one batch.
  fixture = await startStalledWorkerStack({ SETTLEMENT_MODE: 'batched', BATCH_WINDOW_MS: '2000', BATCH_MAX_SIZE: '50' });
}, 300_000);

afterAll(async () => {
  await fixture?.stop();
}, 60_000);

describe('a batch flush under a stalled worker', () => {
  it('the worker that stalled after authorization and woke after another replica landed the batch sends nothing: the batch is paid once', async () => {
    const { stack, proxy, kind, submitterEnv, running, ledgerCharges, landed, onChain } = fixture;
    const { agent, merchant } = stack.wallets;
    const payer = await openSessionPayer(stack, kind, agent, merchant, PRICE);
    const payerBefore = await stack.balanceOf(agent);
    const first = running('submitter');
    const txBuilder = running('tx-builder');
    proxy.reset();

    // The first worker will wait in "build": authorized by the ledger, nothing signed.
    txBuilder.signal('SIGSTOP');
    const answers = [];
    for (let i = 0; i < CALLS; i += 1) {
      const res = await fetch(`${stack.gatewayUrl}/settle`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ x402Version: 2, paymentPayload: payer.payload(), paymentRequirements: payer.requirements }),
      });
      answers.push((await res.json()) as { success: boolean });
    }
    expect(
      answers.every((a) => a.success),
      JSON.stringify(answers),
    ).toBe(true);
    await eventually(
      async () => {
        const charges = await ledgerCharges(payer.sessionId);
        return charges.length === CALLS && charges.every((c) => c.authorizedBy !== '' && c.authorizedBy !== 'self') ? true : undefined;
      },
      'the first worker to hold the batch authorization',
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
      'the second replica to land the batch',
      600,
      100,
    );

    // The first worker wakes up with the batch's charges still reserved (the second has not
    // committed them yet) and runs to the end of its attempt.
    const logsBefore = first.logs.length;
    first.signal('SIGCONT');
    await eventually(
      async () => (first.logs.slice(logsBefore).some((l) => l.msg === 'batch flush failed, will retry' || l.msg === 'batch settled') ? true : undefined),
      'the woken worker to finish its attempt',
      600,
      100,
    );
    releaseSecond();

    await eventually(
      async () => {
        const charges = await ledgerCharges(payer.sessionId);
        return charges.every((c) => c.state === 'settled') ? true : undefined;
      },
      'every charge of the batch to settle',
      600,
      100,
    );
    // Whatever any worker sent and the node accepted has reached its final word on chain.
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

    const landedTransfers = verdicts.filter((v) => v.verdict === 'landed');
    expect(
      landedTransfers.map((v) => v.signature),
      JSON.stringify(verdicts),
    ).toEqual([secondTx]);
    expect(new Set((await ledgerCharges(payer.sessionId)).map((c) => c.signature))).toEqual(new Set([secondTx]));
    expect(payerBefore - (await stack.balanceOf(agent))).toBe(PRICE * BigInt(CALLS));
  }, 300_000);
});
