import { randomUUID } from 'node:crypto';
import { Keypair } from '@solana/web3.js';
import { LedgerAuthorityKey, Secret } from '@quietpay/platform';
import type { SessionKind } from '@quietpay/sdk';
import type { NatsConnection } from 'nats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../support/service.process';
import { openAgentPayer, type SessionPayer } from '../support/session-payer';
import { type SessionStack, startSessionStack } from '../support/session-stack';

// The authority chain through the real services (ARCHITECTURE "Who may make money move"): a bus
// peer with no credentials at all (a plain `nats` client, NATS auth being another lane's concern)
// tries every hop below the gateway. Money moves only for what session-ledger reserved: the
// submitter checks submits against the ledger's record, tx-builder builds from the ledger's signed
// authorization, and the signer verifies that authorization and reopens the encrypted amount.

const PRICE = 10_000n;
const INFLATED = 500_000n;
let stack: SessionStack;
let nc: NatsConnection;
let kind: SessionKind;
let payer: SessionPayer;

type Json = Record<string, unknown>;

/** One command the way any NATS client can send it (Nest's request packet, docs in libs/platform/src/bus). */
async function command(subject: string, data: Json, via: NatsConnection = nc): Promise<Json> {
  const body = JSON.stringify({ pattern: subject, data, id: randomUUID() });
  const reply = await via.request(subject, new TextEncoder().encode(body), { timeout: 60_000 });
  return (JSON.parse(new TextDecoder().decode(reply.data)) as { response: Json }).response;
}

const errorCode = (reply: Json): string =>
  ((reply['error'] as Json | undefined)?.['code'] as string | undefined) ?? `no error: ${JSON.stringify(reply).slice(0, 300)}`;
const ok = (reply: Json): Json => {
  if (!reply['ok']) throw new Error(`expected ok, got ${JSON.stringify(reply).slice(0, 500)}`);
  return reply['ok'] as Json;
};

async function spent(sessionId: string): Promise<bigint> {
  const res = await fetch(`${stack.gatewayUrl}/sessions/${sessionId}`);
  return BigInt(((await res.json()) as { spent: string }).spent);
}

/** Reserves a charge straight at the ledger (a /settle would submit it at once): reserved, never submitted. */
async function reserveOnly(): Promise<{ settlementId: string }> {
  const payment = payer.payload();
  const payload = payment.payload as Json;
  const charge = ok(
    await command('quietpay.session.charge.reserve.v1', {
      payload,
      // The contract's requirements: extra is a string map (the gateway's mapper does the same).
      requirements: { ...payer.requirements, extra: Object.fromEntries(Object.entries(payer.requirements.extra ?? {}).map(([k, v]) => [k, String(v)])) },
      idempotencyKey: `pid-${randomUUID()}`,
      resource: (payment.resource as { url: string } | undefined)?.url ?? String(payload['resource']),
    }),
  );
  return { settlementId: String(charge['settlementId']) };
}

function submit(settlementId: string, amount: bigint): Promise<Json> {
  return command('quietpay.settlement.submit.v1', {
    settlementId,
    idempotencyKey: `k-${randomUUID()}`,
    sessionId: payer.sessionId,
    amount: amount.toString(),
    waitForConfirmation: true,
  });
}

beforeAll(async () => {
  stack = await startSessionStack();
  nc = await stack.connectNats();
  ({ kind, payer } = await openAgentPayer(stack, PRICE));
}, 300_000);

afterAll(async () => {
  await nc?.close();
  await stack?.stop();
}, 60_000);

describe('authority chain: a bus peer cannot move money the ledger never reserved', () => {
  it('the submitter refuses an unreserved settlement, an inflated amount and a released charge, and nothing moves', async () => {
    const merchantBefore = await stack.balanceOf(stack.wallets.merchant);
    const spentBefore = await spent(payer.sessionId);

    // An id the ledger never issued, for 50x the price.
    expect(errorCode(await submit(`${payer.sessionId}.${randomUUID()}`, INFLATED))).toBe('charge_not_found');
    // A real reservation of PRICE, submitted as INFLATED.
    const reserved = await reserveOnly();
    expect(errorCode(await submit(reserved.settlementId, INFLATED))).toBe('settlement_mismatch');
    // The same reservation after the ledger released it.
    ok(await command('quietpay.session.charge.release.v1', { settlementId: reserved.settlementId, reason: 'test_release' }));
    expect(errorCode(await submit(reserved.settlementId, PRICE))).toBe('charge_not_reserved');

    // Nothing was recorded for the refused submits, and nothing moved.
    expect(errorCode(await command('quietpay.settlement.status.v1', { settlementId: reserved.settlementId }))).toBe('settlement_not_found');
    expect(await spent(payer.sessionId)).toBe(spentBefore);
    expect(await stack.balanceOf(stack.wallets.merchant)).toBe(merchantBefore);
  }, 180_000);

  it('the signer refuses a v1 settlement transfer, a forged authorization and a ciphertext of another amount', async () => {
    const merchantBefore = await stack.balanceOf(stack.wallets.merchant);
    const { settlementId } = await reserveOnly();
    const genuine = ok(await command('quietpay.session.charge.authorize.v1', { settlementId }));

    const user = stack.wallets.agent.publicKey.toBase58();
    const merchant = stack.wallets.merchant.publicKey.toBase58();

    // A forged authorization for INFLATED (another key): tx-builder builds it (it cannot tell),
    // the signer refuses it.
    const forger = LedgerAuthorityKey.fromKeypairFile(new Secret('forger', Buffer.from(JSON.stringify(Array.from(Keypair.generate().secretKey)))));
    const genuineTerms = new TextDecoder().decode(Buffer.from(String(genuine['payload']), 'base64'));
    const forgedPayload = genuineTerms.replace(`amount=${PRICE}`, `amount=${INFLATED}`);
    const forgedTerms = forgedPayload
      .split('\n')
      .slice(1)
      .map((l) => l.split('=') as [string, string]);
    const field = (name: string) => forgedTerms.find(([k]) => k === name)?.[1] ?? '';
    const forged = forger.sign({
      kind: 'charge',
      id: field('id'),
      sessionId: field('session'),
      amount: INFLATED,
      user: field('user'),
      recipient: field('recipient'),
      mint: field('mint'),
      network: field('network'),
      expiresAtUnix: Number(field('expires')),
      members: [field('id')],
    });
    const forgedWire = { payload: Buffer.from(forged.payload).toString('base64'), signature: Buffer.from(forged.signature).toString('base64') };
    const inflatedBuild = ok(await command('quietpay.tx-builder.transfer.build.v2', { authorization: forgedWire }));
    const inflatedTx = String((inflatedBuild['built'] as Json)['unsignedTxBase64']);
    const inflatedOpening = inflatedBuild['opening'] as Json;

    const sign = async (subject: string, data: Json) => ok(await command(subject, data)) as { refused?: { reason: string }; signed?: unknown };
    const v1Sign = await sign('quietpay.signer.sign.v1', {
      purpose: 'SIGN_PURPOSE_SETTLEMENT_TRANSFER',
      unsignedTxBase64: inflatedTx,
      policy: {
        sessionId: payer.sessionId,
        settlementId,
        user,
        recipient: merchant,
        asset: kind.extra.mint,
        amount: INFLATED.toString(),
        network: kind.network,
      },
    });
    expect(v1Sign.refused?.reason).toBe('authorization_required');
    expect(
      (await sign('quietpay.signer.transfer.sign.v1', { unsignedTxBase64: inflatedTx, authorization: forgedWire, opening: inflatedOpening })).refused?.reason,
    ).toBe('authorization_forged');
    // The genuine authorization (PRICE) with a transaction whose ciphertext encrypts INFLATED.
    expect(
      (await sign('quietpay.signer.transfer.sign.v1', { unsignedTxBase64: inflatedTx, authorization: genuine, opening: inflatedOpening })).refused?.reason,
    ).toBe('amount_mismatch');
    // A tampered genuine authorization: the amount line edited, the ledger's signature kept.
    const tampered = { payload: Buffer.from(forgedPayload).toString('base64'), signature: genuine['signature'] };
    expect(
      (await sign('quietpay.signer.transfer.sign.v1', { unsignedTxBase64: inflatedTx, authorization: tampered, opening: inflatedOpening })).refused?.reason,
    ).toBe('authorization_forged');

    // The honest path still signs: the genuine authorization, built by tx-builder.
    const honest = ok(await command('quietpay.tx-builder.transfer.build.v2', { authorization: genuine }));
    const signed = await sign('quietpay.signer.transfer.sign.v1', {
      unsignedTxBase64: String((honest['built'] as Json)['unsignedTxBase64']),
      authorization: genuine,
      opening: honest['opening'] as Json,
    });
    expect(signed.signed).toBeDefined();

    ok(await command('quietpay.session.charge.release.v1', { settlementId, reason: 'test_release' }));
    expect(await stack.balanceOf(stack.wallets.merchant)).toBe(merchantBefore);
  }, 180_000);

  it('the gateway\u2019s credentials cannot submit or release, and its ledger route settles only what was reserved', async () => {
    const gateway = await stack.connectNats('gateway');
    try {
      const merchantBefore = await stack.balanceOf(stack.wallets.merchant);
      const spentBefore = await spent(payer.sessionId);
      const refused = (subject: string, data: Json) => expect(command(subject, data, gateway)).rejects.toMatchObject({ code: 'PERMISSIONS_VIOLATION' });
      // The submitter's and the release subjects are not the gateway's (BUS_ROLES).
      await refused('quietpay.settlement.submit.v1', {
        settlementId: `${payer.sessionId}.${randomUUID()}`,
        idempotencyKey: 'k',
        sessionId: payer.sessionId,
        amount: INFLATED.toString(),
        waitForConfirmation: true,
      });
      const reserved = await reserveOnly();
      await refused('quietpay.session.charge.release.v1', { settlementId: reserved.settlementId, reason: 'forged' });
      // Its one settlement command names a settlement id, never an amount: an id the ledger never
      // issued is refused, a released one too.
      const submit = (settlementId: string) =>
        command('quietpay.session.charge.submit.v1', { settlementId, waitForConfirmation: true, timeoutMs: 60_000 }, gateway);
      expect(errorCode(await submit(`${payer.sessionId}.${randomUUID()}`))).toBe('charge_not_found');
      ok(await command('quietpay.session.charge.release.v1', { settlementId: reserved.settlementId, reason: 'test_release' }));
      expect(errorCode(await submit(reserved.settlementId))).toBe('charge_not_reserved');
      expect(await spent(payer.sessionId)).toBe(spentBefore);
      expect(await stack.balanceOf(stack.wallets.merchant)).toBe(merchantBefore);

      // A genuine reservation settles for exactly its reserved amount.
      const genuine = await reserveOnly();
      const receipt = ok(await submit(genuine.settlementId));
      expect(receipt['settlementId']).toBe(genuine.settlementId);
      const after = await eventually(
        async () => {
          const now = await stack.balanceOf(stack.wallets.merchant);
          return now !== merchantBefore ? now : undefined;
        },
        'the merchant balance to move',
        300,
        200,
      );
      expect(after - merchantBefore).toBe(PRICE);
      expect(await spent(payer.sessionId)).toBe(spentBefore + PRICE);
    } finally {
      await gateway.close();
    }
  }, 240_000);

  it('an honest settle through the gateway still pays the merchant exactly the price', async () => {
    const merchantBefore = await stack.balanceOf(stack.wallets.merchant);
    const res = await fetch(`${stack.gatewayUrl}/settle`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ x402Version: 2, paymentPayload: payer.payload(), paymentRequirements: payer.requirements }),
    });
    const answer = (await res.json()) as { success: boolean };
    expect(answer.success, JSON.stringify(answer)).toBe(true);
    const after = await eventually(
      async () => {
        const now = await stack.balanceOf(stack.wallets.merchant);
        return now !== merchantBefore ? now : undefined;
      },
      'the merchant balance to move',
      300,
      200,
    );
    expect(after - merchantBefore).toBe(PRICE);
  }, 180_000);

  it("a per-call charge is sent under one transaction at a time: a stalled twin's authorization cannot bind once another was issued, and a later one is handed the bound transaction", async () => {
    const { settlementId } = await reserveOnly();
    const authorize = (expiredSignature = '', sessionId = payer.sessionId): Promise<Json> =>
      command('quietpay.session.charge.batch.authorize.v1', {
        batchId: settlementId,
        sessionId,
        settlementIds: [settlementId],
        expiredSignature,
        ownCharge: true,
      });
    const bind = (authorization: Json, signature: string): Promise<Json> =>
      command('quietpay.session.charge.batch.bind.v1', {
        batchId: settlementId,
        sessionId: payer.sessionId,
        ownCharge: true,
        authorizationSignature: authorization['signature'],
        transaction: { signature, signedTxBase64: Buffer.from(signature).toString('base64'), lastValidBlockHeight: '150' },
      });
    const authorizationOf = (reply: Json): Json => {
      const grant = ok(reply);
      if (!grant['authorization']) throw new Error(`expected an authorization, got ${JSON.stringify(grant).slice(0, 300)}`);
      return grant['authorization'] as Json;
    };

    // Of another session, or with other members: refused.
    expect(errorCode(await authorize('', `${payer.sessionId}-other`))).toBe('charge_not_found');
    // The stalled worker's authorization (a per-call charge's: kind charge, the charge alone).
    const stalled = authorizationOf(await authorize());
    expect(new TextDecoder().decode(Buffer.from(String(stalled['payload']), 'base64'))).toContain('kind=charge');
    // The worker that took the job over is authorized anew (an authorization of the same second is
    // the same one, byte for byte: its holders share one attempt, and the first bind wins it);
    // the stalled one can no longer bind.
    const live = await eventually(
      async () => {
        const authorization = authorizationOf(await authorize());
        return authorization['signature'] !== stalled['signature'] ? authorization : undefined;
      },
      'an authorization with a later expiry',
      600,
      50,
    );
    expect(errorCode(await bind(stalled, 'sig-stalled'))).toBe('batch_attempt_superseded');
    expect(ok(await bind(live, 'sig-live'))['signature']).toBe('sig-live');
    // Anyone asking again is handed the bound transaction, until it is named expired.
    expect((ok(await authorize())['inFlight'] as Json | undefined)?.['signature']).toBe('sig-live');
    expect(ok(await bind(stalled, 'sig-stalled'))['signature']).toBe('sig-live');
    authorizationOf(await authorize('sig-live'));

    ok(await command('quietpay.session.charge.release.v1', { settlementId, reason: 'test_release' }));
  }, 120_000);
});
