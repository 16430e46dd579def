import { randomUUID } from 'node:crypto';
import { LedgerAuthorityKey, Secret } from '@quietpay/platform';
import { createSession, FacilitatorClient, keypairWallet, memorySessionStorage, QuietpaySdkError, type SessionKind } from '@quietpay/sdk';
import { allowanceAddress, approveCheckedInstruction, createIdempotentInstruction, incoTokenAccountAddress } from '@quietpay/solana';
import { Keypair, PublicKey, type TransactionInstruction, TransactionMessage, VersionedTransaction } from '@solana/web3.js';
import type { NatsConnection } from 'nats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSessionPayer, type SessionPayer } from '../support/session-payer';
import { type SessionStack, startSessionStack } from '../support/session-stack';

// Who pays a recipient's token-account rent (issue 9, "no free SOL for strangers"), through the
// real services on localnet: the facilitator only for recipients an operator registered (config
// or the operator-only bus subjects); for anyone else the user's approve creates the account and
// the user pays. The signer itself refuses a facilitator-paid create without the ledger's
// account-creation authorization, so a compromised bus peer cannot make it pay for strangers.

type Json = Record<string, unknown>;

const PRICE = 10_000n;
const CONFIGURED = Keypair.generate();
let stack: SessionStack;
let kind: SessionKind;
let operator: NatsConnection;
const peers: NatsConnection[] = [];

/** One command as any NATS client sends it (Nest's request packet, see libs/platform/src/bus). */
async function command(nc: NatsConnection, subject: string, data: Json): Promise<Json> {
  const body = JSON.stringify({ pattern: subject, data, id: randomUUID() });
  const reply = await nc.request(subject, new TextEncoder().encode(body), { timeout: 60_000 });
  return (JSON.parse(new TextDecoder().decode(reply.data)) as { response: Json }).response;
}

const ok = (reply: Json): Json => {
  if (!reply['ok']) throw new Error(`expected ok, got ${JSON.stringify(reply).slice(0, 500)}`);
  return reply['ok'] as Json;
};
const errorCode = (reply: Json): string =>
  ((reply['error'] as Json | undefined)?.['code'] as string | undefined) ?? `no error: ${JSON.stringify(reply).slice(0, 300)}`;

const lamports = (key: PublicKey) => stack.connection.getBalance(key, 'confirmed');
const programIdsOf = () => ({ incoToken: new PublicKey(stack.inco.incoTokenProgramId), incoLightning: new PublicKey(stack.inco.incoLightningProgramId) });
const tokenAccountOf = (wallet: PublicKey) => incoTokenAccountAddress(programIdsOf(), wallet, new PublicKey(stack.inco.mint));

async function registration(recipient: PublicKey): Promise<boolean> {
  const res = await fetch(`${stack.gatewayUrl}/recipients/${recipient.toBase58()}`);
  expect(res.status).toBe(200);
  return ((await res.json()) as { registered: boolean }).registered;
}

/** Opens a session (SDK) from agent2 to `recipient`: what it cost the facilitator, the user, and the account's rent. */
async function openTo(recipient: Keypair): Promise<{ facilitatorSpent: number; userSpent: number; rent: number; payer: SessionPayer }> {
  const facilitatorBefore = await lamports(stack.wallets.facilitator.publicKey);
  const userBefore = await lamports(stack.wallets.agent2.publicKey);
  expect(await stack.connection.getAccountInfo(tokenAccountOf(recipient.publicKey), 'confirmed')).toBeNull();
  const payer = await openSessionPayer(stack, kind, stack.wallets.agent2, recipient, PRICE);
  const account = await stack.connection.getAccountInfo(tokenAccountOf(recipient.publicKey), 'confirmed');
  expect(account, 'the recipient has a token account once the session is open').not.toBeNull();
  return {
    facilitatorSpent: facilitatorBefore - (await lamports(stack.wallets.facilitator.publicKey)),
    userSpent: userBefore - (await lamports(stack.wallets.agent2.publicKey)),
    rent: account!.lamports,
    payer,
  };
}

beforeAll(async () => {
  stack = await startSessionStack({ registeredRecipients: [CONFIGURED.publicKey.toBase58()] });
  kind = await new FacilitatorClient(stack.gatewayUrl).sessionKind();
  operator = await stack.connectNats();
}, 300_000);

afterAll(async () => {
  await Promise.all([operator, ...peers].map((nc) => nc?.close()));
  await stack?.stop();
}, 60_000);

describe("who pays a recipient's token-account rent", () => {
  it("an unregistered recipient: the user's approve creates its account and the user pays the rent; the facilitator pays only the fee", async () => {
    const stranger = Keypair.generate();
    expect(await registration(stranger.publicKey)).toBe(false);
    const cost = await openTo(stranger);
    expect(cost.rent).toBeGreaterThan(0);
    // The approve's fee only (no rent): well under one account's rent.
    expect(cost.facilitatorSpent, stack.output()).toBeLessThan(cost.rent);
    expect(cost.userSpent).toBeGreaterThanOrEqual(cost.rent);

    // The session works: a paid call settles to the recipient's (user-created) account.
    const { payer } = cost;
    const res = await fetch(`${stack.gatewayUrl}/settle`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ x402Version: 2, paymentPayload: payer.payload(), paymentRequirements: payer.requirements }),
    });
    expect(((await res.json()) as { success: boolean }).success).toBe(true);
  }, 240_000);

  it('an approve that leaves an unregistered recipient without an account is refused (422 recipient_account_missing) and costs the facilitator nothing', async () => {
    const stranger = Keypair.generate();
    const facilitatorBefore = await lamports(stack.wallets.facilitator.publicKey);
    // A client told (wrongly) that the recipient is registered leaves the recipient's create out.
    const lyingFetch = (input: string | URL | Request, init?: RequestInit): Promise<Response> =>
      String(input).includes('/recipients/')
        ? Promise.resolve(new Response(JSON.stringify({ recipient: stranger.publicKey.toBase58(), registered: true }), { status: 200 }))
        : fetch(input, init);
    const opened = createSession({
      wallet: keypairWallet(stack.wallets.agent2),
      facilitatorUrl: stack.gatewayUrl,
      connection: stack.connection,
      cap: '1',
      expiresInSeconds: 3600,
      recipient: stranger.publicKey.toBase58(),
      storage: memorySessionStorage(),
      fetch: lyingFetch,
    });
    const refusal = await opened.then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(refusal).toBeInstanceOf(QuietpaySdkError);
    expect((refusal as QuietpaySdkError).context).toMatchObject({ status: 422 });
    expect(String((refusal as QuietpaySdkError).context['body'])).toContain('recipient_account_missing');
    expect(await stack.connection.getAccountInfo(tokenAccountOf(stranger.publicKey), 'confirmed')).toBeNull();
    expect(await lamports(stack.wallets.facilitator.publicKey)).toBe(facilitatorBefore);
  }, 240_000);

  it('a recipient registered in config: the facilitator pays the rent as before, the user pays none', async () => {
    expect(await registration(CONFIGURED.publicKey)).toBe(true);
    const cost = await openTo(CONFIGURED);
    expect(cost.facilitatorSpent, stack.output()).toBeGreaterThanOrEqual(cost.rent);
    expect(cost.userSpent).toBeLessThan(cost.rent);
  }, 240_000);
});

describe('the recipient registry on the bus', () => {
  it('an operator registers, lists and removes a recipient; a registration takes effect at the next open', async () => {
    const merchant = stack.wallets.merchant.publicKey.toBase58();
    const added = Keypair.generate();
    const address = added.publicKey.toBase58();
    const registered = ok(await command(operator, 'quietpay.recipients.register.v1', { recipient: address, note: 'test merchant' }));
    expect(registered).toMatchObject({ recipient: address, registered: true, source: 'admin', note: 'test merchant' });
    expect(Number.isNaN(Date.parse(String(registered['registeredAt'])))).toBe(false);
    // Idempotent: the first registration's time is kept.
    expect(ok(await command(operator, 'quietpay.recipients.register.v1', { recipient: address }))).toMatchObject({ registeredAt: registered['registeredAt'] });

    const listed = (ok(await command(operator, 'quietpay.recipients.list.v1', {}))['recipients'] as Json[]).map((r) => [r['recipient'], r['source']]);
    expect(listed).toEqual(
      expect.arrayContaining([
        [merchant, 'config'],
        [CONFIGURED.publicKey.toBase58(), 'config'],
        [address, 'admin'],
      ]),
    );
    expect(await registration(added.publicKey)).toBe(true);
    const cost = await openTo(added);
    expect(cost.facilitatorSpent, stack.output()).toBeGreaterThanOrEqual(cost.rent);

    // proto3 JSON leaves false out on the wire; the typed client reads it back as false.
    const removed = ok(await command(operator, 'quietpay.recipients.remove.v1', { recipient: address }));
    expect({ recipient: removed['recipient'], registered: removed['registered'] ?? false }).toEqual({ recipient: address, registered: false });
    expect(await registration(added.publicKey)).toBe(false);
    // A config entry is removed only by changing the config.
    expect(errorCode(await command(operator, 'quietpay.recipients.remove.v1', { recipient: merchant }))).toBe('recipient_in_config');
    expect(errorCode(await command(operator, 'quietpay.recipients.register.v1', { recipient: 'not-an-address' }))).toBe('invalid_recipient');
  }, 240_000);

  it.each(['gateway', 'tx-builder', 'submitter'])("the %s's credentials cannot register, remove or list recipients", async (service) => {
    const nc = await stack.connectNats(service);
    peers.push(nc);
    const address = Keypair.generate().publicKey.toBase58();
    for (const subject of ['quietpay.recipients.register.v1', 'quietpay.recipients.remove.v1', 'quietpay.recipients.list.v1']) {
      await expect(command(nc, subject, { recipient: address }), subject).rejects.toMatchObject({ code: 'PERMISSIONS_VIOLATION' });
    }
    expect(await registration(new PublicKey(address))).toBe(false);
  });
});

describe('the signer and a forged facilitator-paid account creation', () => {
  /** A create_idempotent of `wallet`'s account paid by the facilitator, as tx-builder would build it for a registered recipient. */
  async function facilitatorPaidCreate(wallet: PublicKey): Promise<string> {
    const { blockhash } = await stack.connection.getLatestBlockhash('confirmed');
    const programIds = programIdsOf();
    const create = createIdempotentInstruction(programIds, {
      payer: stack.wallets.facilitator.publicKey,
      associatedToken: tokenAccountOf(wallet),
      wallet,
      mint: new PublicKey(stack.inco.mint),
    });
    const message = new TransactionMessage({
      payerKey: stack.wallets.facilitator.publicKey,
      recentBlockhash: blockhash,
      instructions: [create],
    }).compileToLegacyMessage();
    return Buffer.from(new VersionedTransaction(message).serialize()).toString('base64');
  }

  it("is refused without the ledger's authorization or with a forged one, even from the one service allowed to ask; nothing is created", async () => {
    const stranger = Keypair.generate().publicKey;
    const facilitatorBefore = await lamports(stack.wallets.facilitator.publicKey);
    const request = {
      purpose: 'SIGN_PURPOSE_CREATE_ACCOUNT',
      unsignedTxBase64: await facilitatorPaidCreate(stranger),
      policy: {
        sessionId: 'sess_forged',
        settlementId: '',
        user: stack.wallets.agent.publicKey.toBase58(),
        recipient: stranger.toBase58(),
        asset: stack.inco.mint,
        amount: '0',
        network: kind.network,
      },
    };
    // session-ledger's credentials (a compromised ledger process aside, the only requester of sign.v1).
    const ledger = await stack.connectNats('session-ledger');
    peers.push(ledger);
    const sign = async (data: Json) => ok(await command(ledger, 'quietpay.signer.sign.v1', data)) as { refused?: { reason: string }; signed?: unknown };
    expect((await sign(request)).refused?.reason).toBe('authorization_required');
    const forger = LedgerAuthorityKey.fromKeypairFile(new Secret('forger', Buffer.from(JSON.stringify(Array.from(Keypair.generate().secretKey)))));
    const forged = forger.signAccountCreation({
      wallet: stranger.toBase58(),
      mint: stack.inco.mint,
      network: kind.network,
      sessionId: 'sess_forged',
      expiresAtUnix: Math.floor(Date.now() / 1000) + 120,
    });
    const accountCreation = { payload: Buffer.from(forged.payload).toString('base64'), signature: Buffer.from(forged.signature).toString('base64') };
    expect((await sign({ ...request, accountCreation })).refused?.reason).toBe('authorization_forged');

    // tx-builder's and the gateway's credentials do not reach the signer at all.
    for (const service of ['tx-builder', 'gateway']) {
      const nc = await stack.connectNats(service);
      peers.push(nc);
      await expect(command(nc, 'quietpay.signer.sign.v1', request)).rejects.toMatchObject({ code: 'PERMISSIONS_VIOLATION' });
    }
    expect(await stack.connection.getAccountInfo(tokenAccountOf(stranger), 'confirmed')).toBeNull();
    expect(await lamports(stack.wallets.facilitator.publicKey)).toBe(facilitatorBefore);
  }, 120_000);

  it("an approve that bills the facilitator for the recipient's or a fresh user's account is refused by tx-builder and by the signer", async () => {
    // Straight at tx-builder and the signer as the ledger would ask them (its credentials).
    const stranger = Keypair.generate().publicKey;
    const freshUser = Keypair.generate();
    const ledger = await stack.connectNats('session-ledger');
    peers.push(ledger);
    const programIds = programIdsOf();
    const mint = new PublicKey(stack.inco.mint);
    const facilitator = stack.wallets.facilitator.publicKey;
    const { blockhash } = await stack.connection.getLatestBlockhash('confirmed');
    const approveBy = (owner: PublicKey) =>
      approveCheckedInstruction(programIds, {
        source: tokenAccountOf(owner),
        mint,
        delegate: facilitator,
        owner,
        ciphertext: new Uint8Array(120),
        decimals: stack.inco.decimals,
        grant: { allowance: allowanceAddress(programIds, 1n, facilitator), allowed: facilitator },
      });
    const billedFor = (wallet: PublicKey) =>
      createIdempotentInstruction(programIds, { payer: facilitator, associatedToken: tokenAccountOf(wallet), wallet, mint });
    const wire = (user: Keypair, instructions: TransactionInstruction[]) => {
      const tx = new VersionedTransaction(new TransactionMessage({ payerKey: facilitator, recentBlockhash: blockhash, instructions }).compileToLegacyMessage());
      tx.sign([user]);
      return Buffer.from(tx.serialize()).toString('base64');
    };
    const reasonOf = (reply: Json) =>
      String(((reply['error'] as Json | undefined)?.['context'] as Json | undefined)?.['reason'] ?? JSON.stringify(reply).slice(0, 300));
    const prepare = async (user: Keypair, approveTxBase64: string) =>
      reasonOf(
        await command(ledger, 'quietpay.tx-builder.approve.prepare.v1', {
          approveTxBase64,
          user: user.publicKey.toBase58(),
          asset: stack.inco.mint,
          network: kind.network,
          cap: '1000000',
          recipient: stranger.toBase58(),
          facilitatorCreatesRecipient: false,
        }),
      );
    const coSign = async (user: Keypair, unsignedTxBase64: string) => {
      const policy = {
        sessionId: 'sess_forged',
        settlementId: '',
        user: user.publicKey.toBase58(),
        recipient: stranger.toBase58(),
        asset: stack.inco.mint,
        amount: '0',
        network: kind.network,
      };
      const outcome = ok(await command(ledger, 'quietpay.signer.sign.v1', { purpose: 'SIGN_PURPOSE_SESSION_APPROVE', unsignedTxBase64, policy })) as {
        refused?: { reason: string };
      };
      return outcome.refused?.reason ?? 'signed';
    };

    const recipientBilled = wire(stack.wallets.agent, [billedFor(stranger), approveBy(stack.wallets.agent.publicKey)]);
    expect(await prepare(stack.wallets.agent, recipientBilled)).toBe('recipient_create_payer');
    expect(await coSign(stack.wallets.agent, recipientBilled)).toBe('payer_mismatch');
    const userBilled = wire(freshUser, [billedFor(freshUser.publicKey), approveBy(freshUser.publicKey)]);
    expect(await prepare(freshUser, userBilled)).toBe('create_payer');
    expect(await coSign(freshUser, userBilled)).toBe('payer_mismatch');
  }, 120_000);
});
