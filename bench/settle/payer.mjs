// The paying side: HTTP to the gateway, the session requirements a paywall would build, sessions
// opened with the SDK, payments signed natively, and fresh funded wallets for the multi mode.
import { createRequire } from 'node:module';
import bs58 from 'bs58';
import { keypairFrom } from '../support/chain.mjs';
import { P, now, sdk, solana, web3 } from './common.mjs';

const require = createRequire(import.meta.url);
const x402 = require('@quietpay/x402');
const { NativeEd25519SigningKey } = require('@quietpay/platform');

export async function post(url, body) {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const text = await res.text();
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    json = { raw: text };
  }
  return { status: res.status, json };
}

/** Requirements exactly as the resource-server paywall (libs/server sessionPaywall) builds them. */
export async function sessionRequirements(gatewayUrl, merchant) {
  const res = await fetch(`${gatewayUrl}/supported`);
  const body = await res.json();
  const kind = body.kinds?.find((k) => k.scheme === 'session');
  if (!kind) throw new Error(`no session kind in /supported (HTTP ${res.status}): ${JSON.stringify(body)}`);
  return {
    scheme: 'session',
    network: kind.network,
    asset: kind.extra.mint,
    amount: String(P.price),
    payTo: merchant,
    maxTimeoutSeconds: 60,
    extra: kind.extra,
  };
}

/** Opens a session for `wallet` with the SDK; `body(i)` builds a fresh payment for call i. */
export async function openSession(ctx, wallet, tag) {
  const storage = sdk.memorySessionStorage();
  const t0 = now();
  const session = await sdk.createSession({
    wallet: sdk.keypairWallet(wallet),
    facilitatorUrl: ctx.gatewayUrl,
    rpcUrl: ctx.info.endpoints.rpc,
    cap: P.cap,
    expiresInSeconds: 3600,
    recipient: ctx.merchant,
    storage,
  });
  const openMs = now() - t0;
  const stored = await storage.get(session.sessionId);
  const secretKey = Uint8Array.from(Buffer.from(stored.sessionSecretKey, 'base64'));
  const key = NativeEd25519SigningKey.fromSecretKey(secretKey);
  const body = (i) => {
    const resource = { url: `http://bench.invalid/${tag}/${i}` };
    const fields = {
      sessionId: stored.sessionId,
      amount: ctx.requirements.amount,
      nonce: sdk.randomNonce(),
      resource: resource.url,
      payTo: ctx.requirements.payTo,
    };
    const sig = bs58.encode(key.sign(x402.sessionPaymentSigningBytes(fields)));
    // What sdk.buildSessionPaymentPayload builds, signed natively (node:crypto) so the generator is never the bottleneck.
    const paymentPayload = { x402Version: 2, resource, accepted: ctx.requirements, payload: { ...fields, sig } };
    return { x402Version: 2, paymentPayload, paymentRequirements: ctx.requirements };
  };
  return { session, openMs, body, owner: wallet.publicKey.toBase58() };
}

/**
 * Fresh agent wallets for the multi mode: SOL by airdrop (they pay for their approve), and an
 * IncoToken account funded by a transfer from agent2 (libs/solana builders, amount encrypted to the
 * TEE), enough for their share of the calls twice over.
 */
export async function freshAgents(info, count, amount) {
  if (count <= 0) return [];
  const connection = new web3.Connection(info.endpoints.rpc, 'confirmed');
  const inco = info.modules?.inco ?? {};
  if (!inco.incoTokenProgramId || !inco.incoLightningProgramId || !inco.teePublicKey)
    throw new Error(`localnet reports no Inco program ids / TEE key: ${JSON.stringify(inco)}`);
  const ids = { incoToken: new web3.PublicKey(inco.incoTokenProgramId), incoLightning: new web3.PublicKey(inco.incoLightningProgramId) };
  const mint = new web3.PublicKey(info.mints.inco);
  const funder = keypairFrom(info.wallets.agent2.keypairPath);
  const source = solana.incoTokenAccountAddress(ids, funder.publicKey, mint);
  const wallets = Array.from({ length: count }, () => web3.Keypair.generate());
  await Promise.all(
    wallets.map(async (kp) => connection.confirmTransaction(await connection.requestAirdrop(kp.publicKey, 2 * web3.LAMPORTS_PER_SOL), 'confirmed')),
  );
  // One transfer per transaction, one after another: each spends agent2's latest balance handle.
  for (const kp of wallets) {
    const destination = solana.incoTokenAccountAddress(ids, kp.publicKey, mint);
    const ciphertext = await solana.encryptAmountForTee(amount, inco.teePublicKey);
    const tx = new web3.Transaction().add(
      solana.createIdempotentInstruction(ids, { payer: funder.publicKey, associatedToken: destination, wallet: kp.publicKey, mint }),
      solana.transferInstruction(ids, { source, destination, authority: funder.publicKey, ciphertext }),
    );
    await web3.sendAndConfirmTransaction(connection, tx, [funder], { commitment: 'confirmed' });
  }
  return wallets;
}
