import type { RunningLocalnet } from '@quietpay/infra-localnet';
import { createPrivateClient, keypairWalletSigner } from '@quietpay/sdk';
import { Connection, Keypair, Transaction } from '@solana/web3.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPeerServer, type PeerServer } from '../support/px402-peer/px402-server.peer';
import { MARKER, PeerSubscriber } from '../support/px402-peer/px402-subscriber.peer';
import { localnetWallet, startPrivateLocalnet } from '../support/private-localnet';
import { eventually } from '../support/service.process';

// px402's peers played from their documented wire format (PROTOCOLS.md §3–4) against localnet: a
// px402-shaped resource server (first quote reason "initial", bare pending) paid by quietpay's SDK,
// and px402's subscriber rule (marker line + client_ref_id + token-balance delta) reading
// localnet's settlements.
describe('px402 interop on localnet', () => {
  let net: RunningLocalnet;
  let connection: Connection;
  let agent: Keypair;
  let queuePda: string;

  beforeAll(async () => {
    net = await startPrivateLocalnet();
    connection = new Connection(net.endpoints.rpc, 'confirmed');
    agent = localnetWallet(net, 'agent');
    queuePda = String(net.modules['magicblock']?.['transferQueue']);
  });

  afterAll(async () => {
    await net?.stop();
  });

  const subscriberFor = async (receiver: string): Promise<PeerSubscriber> => {
    const sub = new PeerSubscriber(net.endpoints.rpc, queuePda, net.mints.usdc, receiver);
    await sub.start(100);
    return sub;
  };

  it("quietpay's SDK pays a px402-shaped server: reason \"initial\" quote, bare payment_pending answers, then 200", async () => {
    const merchant = Keypair.generate().publicKey.toBase58();
    const sub = await subscriberFor(merchant);
    let server: PeerServer | undefined;
    try {
      server = await startPeerServer({ pricing: { '/api/sentiment': '10000' }, paymentAddress: merchant, secrets: ['p'.repeat(32)], index: sub });
      const seen: string[] = [];
      const observing: typeof fetch = async (input, init) => {
        const res = await fetch(input, init);
        const body = (await res.clone().json().catch(() => ({}))) as { error?: string; reason?: string };
        seen.push(`${res.status}:${body.error ?? ''}:${body.reason ?? ''}:${res.headers.get('x-payment-id') ?? '-'}`);
        return res;
      };
      const client = createPrivateClient({
        wallet: keypairWalletSigner(agent),
        rpcUrl: net.endpoints.rpc,
        paymentsApiUrl: net.endpoints.payments ?? '',
        mint: net.mints.usdc,
        cluster: 'localnet',
        retry: { schedule: [200], maxWaitMs: 60_000 },
        // Held in the queue so the paid retry meets px402's bare pending answer first.
        transfer: { minDelayMs: 1_500, maxDelayMs: 1_500 },
        fetch: observing,
      });

      const { response, payments } = await client.fetchWithReceipt(`${server.url}/api/sentiment/`);

      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ ok: true, path: '/api/sentiment' });
      expect(payments).toHaveLength(1);
      expect(seen[0]).toMatch(/^402:payment_required:initial:\d+$/);
      // px402's pending answer carries no quote headers; the client kept its id and token.
      expect(seen).toContain('402:payment_pending::-');
      expect(seen.at(-1)).toMatch(/^200::/);
      const settled = sub.lookup(payments[0]!.paymentId);
      expect(response.headers.get('x-payment-signature')).toBe(settled?.signature);
      expect(payments[0]!.settlementSignature).toBe(settled?.signature);
    } finally {
      await server?.stop();
      sub.stop();
    }
  });

  it("px402's subscriber rule finds every localnet settlement (5 of 5), with the marker line inside the SPLxh1 frame", async () => {
    const receiver = Keypair.generate().publicKey.toBase58();
    const sub = await subscriberFor(receiver);
    try {
      const ids = ['9001', '9002', '9003', '9004', '9005'];
      for (const [i, id] of ids.entries()) await payPrivately(receiver, String(1_000 * (i + 1)), id);
      const found = await eventually(async () => (sub.settlements.length === ids.length ? sub.settlements : undefined), 'five settlements');
      expect(found.map((s) => s.clientRefId).sort()).toEqual(ids);
      for (const s of found) {
        const tx = await connection.getTransaction(s.signature, { maxSupportedTransactionVersion: 0, commitment: 'confirmed' });
        const logs = tx?.meta?.logMessages ?? [];
        const open = logs.indexOf('Program SPLxh1LVZzEkX99H6rqYizhytLWPZVV296zyYDPagv2 invoke [2]');
        const close = logs.findIndex((l, i) => i > open && l.startsWith('Program SPLxh1LVZzEkX99H6rqYizhytLWPZVV296zyYDPagv2 success'));
        const frame = logs.slice(open, close);
        expect(open).toBeGreaterThan(0);
        expect(frame).toContain(MARKER);
        expect(frame).toContain(`Program log: client_ref_id: ${s.clientRefId}`);
        expect(s.amount).toBeGreaterThan(0n);
      }
    } finally {
      sub.stop();
    }
  });

  async function payPrivately(to: string, amount: string, clientRefId: string): Promise<void> {
    const res = await fetch(`${net.endpoints.payments}/v1/spl/transfer`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ from: agent.publicKey.toBase58(), to, mint: net.mints.usdc, amount, visibility: 'private', fromBalance: 'base', toBalance: 'base', cluster: 'localnet', clientRefId }),
    });
    expect(res.status).toBe(200);
    const tx = Transaction.from(Buffer.from(((await res.json()) as { transactionBase64: string }).transactionBase64, 'base64'));
    tx.partialSign(agent);
    const signature = await connection.sendRawTransaction(tx.serialize());
    await eventually(async () => ((await connection.getSignatureStatus(signature)).value?.confirmationStatus ? true : undefined), `confirm ${signature}`);
  }
});
