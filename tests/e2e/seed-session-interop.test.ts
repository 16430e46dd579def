import { buildSessionPaymentPayload, FacilitatorClient, type SessionKind } from '@quietpay/sdk';
import { ed25519KeyPair, type PaymentRequirements } from '@quietpay/x402';
import type { Keypair, PublicKey } from '@solana/web3.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEED_TOP_UP_LAMPORTS, seedOpenSession, seedWrapFetch } from '../support/seed-peer/seed-session.client';
import { type SeedResourceServer, startSeedResourceServer } from '../support/seed-peer/seed-resource.server';
import { openSessionPayer } from '../support/session-payer';
import { eventually } from '../support/service.process';
import { sample, scrape, type Scrape } from '../observability/prometheus-text';
import { adminCall, adminUrlOf, listAdminSessions, writeAdminKeys } from '../admin/admin-keys.fixture';
import { quietpay } from '../admin/cli.fixture';
import { type SessionStack, startSessionStack } from '../support/session-stack';

// The seed (solana-x402-sessions) against quietpay in legacy mode, every peer played from its wire
// format (tests/support/seed-peer): its SDK opening a session and paying through a resource server
// written from its README, which settles through quietpay's /settle. Real processes and localnet.

const PRICE = 100_000n;
const CAP = 1_000_000n;

const adminKeys = writeAdminKeys();
let stack: SessionStack;
let kind: SessionKind;
let resource: SeedResourceServer;

const lamports = (key: { publicKey: PublicKey }) => stack.connection.getBalance(key.publicKey, 'confirmed');
const openSeedSession = (cap = CAP, topUpLamports?: bigint, encryptedCap?: bigint) =>
  seedOpenSession({
    facilitatorUrl: stack.gatewayUrl,
    connection: stack.connection,
    wallet: stack.wallets.agent2,
    recipient: stack.wallets.merchant.publicKey.toBase58(),
    cap,
    teePublicKey: stack.inco.teePublicKey,
    ...(topUpLamports === undefined ? {} : { topUpLamports }),
    ...(encryptedCap === undefined ? {} : { encryptedCap }),
  });

/** session-ledger's /metrics, where what each session cost the facilitator is counted. */
async function ledgerMetrics(): Promise<Scrape> {
  return scrape(await stack.processes.find((p) => p.name === 'session-ledger')!.started());
}
const OPEN_LAMPORTS = 'quietpay_facilitator_lamports_per_transaction_sum';

interface SettleAnswer {
  readonly success: boolean;
  readonly errorReason?: string;
  readonly extra?: { readonly settlementId?: string };
}

async function settleDirect(paymentPayload: unknown, paymentRequirements: unknown): Promise<SettleAnswer> {
  const res = await fetch(`${stack.gatewayUrl}/settle`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ paymentPayload, paymentRequirements }),
  });
  return (await res.json()) as SettleAnswer;
}

beforeAll(async () => {
  stack = await startSessionStack({
    serviceEnvFor: (name): Readonly<Record<string, string>> | undefined => {
      if (name === 'session-ledger') return { LEGACY_UNSIGNED_PAYLOADS: 'true', LEGACY_SESSION_TOP_UP_MAX_LAMPORTS: SEED_TOP_UP_LAMPORTS.toString() };
      if (name === 'signer') return { LEGACY_SESSION_TOP_UP_MAX_LAMPORTS: SEED_TOP_UP_LAMPORTS.toString() };
      // The admin API, to check the operator sees which sessions are legacy.
      if (name === 'gateway') return { ADMIN_KEYS_FILE: adminKeys.path };
      return undefined;
    },
  });
  kind = await new FacilitatorClient(stack.gatewayUrl).sessionKind();
  resource = await startSeedResourceServer({
    facilitatorUrl: stack.gatewayUrl,
    network: kind.network,
    asset: kind.extra.mint,
    payTo: stack.wallets.merchant.publicKey.toBase58(),
    amount: PRICE.toString(),
  });
}, 300_000);

afterAll(async () => {
  await resource?.stop();
  await stack?.stop();
}, 60_000);

describe('seed session clients and resource servers against quietpay (legacy mode on)', () => {
  it("the seed SDK opens a legacy session with its own approve (SOL top-up included) and pays per call through the seed README's resource server", async () => {
    const merchantBefore = await stack.balanceOf(stack.wallets.merchant);
    const facilitatorBefore = await lamports(stack.wallets.facilitator);
    const metricsBefore = await ledgerMetrics();
    const opened = await openSeedSession();
    expect(opened.status, `${JSON.stringify(opened.body)}\n${stack.output().slice(-3000)}`).toBe(201);
    const sessionId = String(opened.body['sessionId']);
    expect(opened.body).toMatchObject({ legacy: true, cap: CAP.toString(), spent: '0', user: stack.wallets.agent2.publicKey.toBase58(), sessionPublicKey: '' });
    // The top-up went out of the facilitator's lamports, and the session's lamport budget counted
    // all of it (top-up, the user's account rent and the fee): the open's cost is what the facilitator lost.
    const openCost = facilitatorBefore - (await lamports(stack.wallets.facilitator));
    expect(openCost).toBeGreaterThanOrEqual(Number(SEED_TOP_UP_LAMPORTS));
    const counted =
      sample(await ledgerMetrics(), OPEN_LAMPORTS, { purpose: 'session_open' }) - sample(metricsBefore, OPEN_LAMPORTS, { purpose: 'session_open' });
    expect(counted).toBe(openCost);
    expect(await new FacilitatorClient(stack.gatewayUrl).session(sessionId)).toMatchObject({ legacy: true, status: 'active' });

    const pay = seedWrapFetch(sessionId);
    for (let call = 1; call <= 2; call += 1) {
      const res = await pay(`${resource.url}/api/chat`, { method: 'POST' });
      expect(res.status, await res.clone().text()).toBe(200);
      const receipt = JSON.parse(Buffer.from(res.headers.get('PAYMENT-RESPONSE') ?? '', 'base64').toString()) as Record<string, unknown>;
      const spent = BigInt(call) * PRICE;
      expect(receipt).toMatchObject({
        success: true,
        extensions: { session: { id: sessionId, spent: spent.toString(), remaining: (CAP - spent).toString() } },
      });
    }
    const credited = await waitForBalance(stack.wallets.merchant, merchantBefore + 2n * PRICE);
    expect(credited - merchantBefore).toBe(2n * PRICE);
  });

  it('runs the encrypted cap check on a legacy open: an approve encrypting more than the signed cap is refused 422 cap_mismatch', async () => {
    const lying = await openSeedSession(CAP, undefined, 10n * CAP);
    expect(lying).toMatchObject({ status: 422, body: { error: 'cap_mismatch' } });
  });

  it('the admin API and the CLI show and filter the legacy flag alike', async () => {
    const legacy = await openSeedSession();
    expect(legacy.status).toBe(201);
    const legacyId = String(legacy.body['sessionId']);
    const quietpaySession = await openSessionPayer(stack, kind, stack.wallets.agent, stack.wallets.merchant, PRICE);
    const admin = await adminUrlOf(stack.processes.find((p) => p.name === 'gateway')!);
    const key = adminKeys.keys.ops;

    const listed = (query: string) => listAdminSessions<{ sessionId: string; legacy: boolean }>(admin, key, query);
    const legacyOnly = await listed('legacy=true');
    const quietpayOnly = await listed('legacy=false');
    expect(legacyOnly.map((s) => s.sessionId)).toContain(legacyId);
    expect(legacyOnly.every((s) => s.legacy)).toBe(true);
    expect(quietpayOnly.map((s) => s.sessionId)).toContain(quietpaySession.sessionId);
    expect(quietpayOnly.some((s) => s.legacy || s.sessionId === legacyId)).toBe(false);
    expect((await adminCall(admin, `/admin/v1/sessions/${legacyId}`, key)).body).toMatchObject({ session: { sessionId: legacyId, legacy: true } });
    expect(await adminCall(admin, '/admin/v1/sessions?legacy=yes', key)).toMatchObject({ status: 400, body: { error: 'invalid_request' } });

    // The CLI asks the same filter and prints the same flag (yes/no, as the console does).
    const env = { QUIETPAY_ADMIN_URL: admin, QUIETPAY_ADMIN_KEY: key };
    const cliLegacy = await quietpay(['sessions', 'list', '--legacy', '--all', '--json'], env);
    expect(cliLegacy.code, cliLegacy.stderr).toBe(0);
    const cliItems = (JSON.parse(cliLegacy.stdout) as { items: { sessionId: string; legacy: boolean }[] }).items;
    expect(cliItems.map((s) => s.sessionId).sort()).toEqual(legacyOnly.map((s) => s.sessionId).sort());
    const cliQuietpay = await quietpay(['sessions', 'list', '--no-legacy', '--all', '--json'], env);
    expect((JSON.parse(cliQuietpay.stdout) as { items: { legacy: boolean }[] }).items.every((s) => !s.legacy)).toBe(true);
    const table = await quietpay(['sessions', 'list', '--payer', stack.wallets.agent2.publicKey.toBase58(), '--legacy', '--all'], env);
    const row = table.stdout.split('\n').find((l) => l.startsWith(legacyId));
    expect(row?.trim().split(/\s+/).at(-1)).toBe('yes');
  });

  it("a seed payload with the seed's nonce is one charge and one serve however often the same header is sent", async () => {
    const opened = await openSeedSession();
    expect(opened.status).toBe(201);
    const sessionId = String(opened.body['sessionId']);
    const requirements = await firstRequirements();
    const header = { x402Version: 2, accepted: requirements, payload: { sessionId, amount: PRICE.toString(), nonce: 'seed-nonce-1' } };
    const first = await settleDirect(header, requirements);
    const again = await settleDirect(header, requirements);
    // Once /settle answered success the charge is served: the resent header is refused (serve-once,
    // issue 16) and names the same settlement, so no paywall can serve one charge twice.
    expect([first.success, again.success], JSON.stringify([first, again])).toEqual([true, false]);
    expect(again).toMatchObject({ errorReason: 'nonce_replayed', extra: { settlementId: first.extra?.settlementId } });
    expect(await new FacilitatorClient(stack.gatewayUrl).session(sessionId)).toMatchObject({ spent: PRICE.toString() });
  });

  it('keeps legacy and quietpay sessions apart, and refuses a seed approve whose top-up is above the bound at no cost', async () => {
    const requirements = await firstRequirements();
    // A quietpay session's id is seen by every resource server it pays: a bearer payload must not spend it.
    const quietpaySession = await openSessionPayer(stack, kind, stack.wallets.agent, stack.wallets.merchant, PRICE);
    const bearer = await settleDirect(
      { x402Version: 2, accepted: requirements, payload: { sessionId: quietpaySession.sessionId, amount: PRICE.toString() } },
      requirements,
    );
    expect(bearer).toMatchObject({ success: false, errorReason: 'legacy_payload_refused' });

    const legacy = await openSeedSession();
    expect(legacy.status).toBe(201);
    const legacyId = String(legacy.body['sessionId']);
    const signed = buildSessionPaymentPayload(
      { x402Version: 2, resource: { url: `${resource.url}/api/chat` }, accepts: [requirements] },
      requirements,
      legacyId,
      ed25519KeyPair().secretKey,
    );
    expect(await settleDirect(signed, requirements)).toMatchObject({ success: false, errorReason: 'legacy_session' });
    expect(await new FacilitatorClient(stack.gatewayUrl).session(legacyId)).toMatchObject({ spent: '0' });

    const before = await lamports(stack.wallets.facilitator);
    const greedy = await openSeedSession(CAP, SEED_TOP_UP_LAMPORTS + 1n);
    expect(greedy).toMatchObject({ status: 422, body: { error: 'approve_tx_rejected' } });
    expect(await lamports(stack.wallets.facilitator)).toBe(before);
  });
});

/** The requirements the seed README's resource server asks for (its first 402). */
async function firstRequirements(): Promise<PaymentRequirements> {
  const res = await fetch(`${resource.url}/api/chat`, { method: 'POST' });
  expect(res.status).toBe(402);
  return (JSON.parse(Buffer.from(res.headers.get('PAYMENT-REQUIRED') ?? '', 'base64').toString()) as { accepts: PaymentRequirements[] }).accepts[0]!;
}

function waitForBalance(owner: Keypair, atLeast: bigint): Promise<bigint> {
  return eventually(async () => {
    const balance = await stack.balanceOf(owner);
    return balance >= atLeast ? balance : undefined;
  }, `balance of ${owner.publicKey.toBase58()} to reach ${atLeast}`);
}
