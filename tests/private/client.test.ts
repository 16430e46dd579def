import { readFileSync } from 'node:fs';
import { Connection, Keypair, PublicKey } from '@solana/web3.js';
import { getAssociatedTokenAddressSync } from '@solana/spl-token';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrivateClient, keypairWallet, PrivatePaymentError, type PrivatePaymentReceipt } from '@quietpay/sdk';
import { startPrivateStack, type PrivateStack } from './client-stack.fixture';

describe('px402 private client against localnet, chain-poller + gateway processes and examples/private-api', () => {
  let stack: PrivateStack;
  let connection: Connection;
  let agent: Keypair;

  beforeAll(async () => {
    stack = await startPrivateStack();
    connection = new Connection(stack.net.endpoints.rpc, 'confirmed');
    agent = Keypair.fromSecretKey(Uint8Array.from(JSON.parse(readFileSync(stack.net.wallets['agent']!.keypairPath, 'utf8')) as number[]));
  });

  afterAll(async () => {
    await stack?.stop();
  });

  const merchantBalance = async (): Promise<bigint> => {
    const ata = getAssociatedTokenAddressSync(new PublicKey(stack.net.mints.usdc), new PublicKey(stack.net.wallets['merchant']!.publicKey));
    const info = await connection.getAccountInfo(ata);
    return info ? Buffer.from(info.data).readBigUInt64LE(64) : 0n;
  };

  function client(extra: { observe?: (status: number, reason: string | undefined) => void; maxAmountPerRequest?: bigint } = {}) {
    const receipts: PrivatePaymentReceipt[] = [];
    // Observes the real answers (no stubbing): records each status and px402 reason the API sent.
    const observingFetch: typeof fetch = async (input, init) => {
      const res = await fetch(input, init);
      const body = (await res
        .clone()
        .json()
        .catch(() => undefined)) as { reason?: string } | undefined;
      extra.observe?.(res.status, body?.reason);
      return res;
    };
    const c = createPrivateClient({
      wallet: keypairWallet(agent),
      rpcUrl: stack.net.endpoints.rpc,
      paymentsApiUrl: stack.net.endpoints.payments ?? '',
      mint: stack.net.mints.usdc,
      cluster: 'localnet',
      retry: { schedule: [250], maxWaitMs: 60_000 },
      // A settlement delay makes the queue hold the entry, so the paid retry must see payment_pending first.
      transfer: { minDelayMs: 1_500, maxDelayMs: 1_500 },
      fetch: observingFetch,
      onPayment: (r) => receipts.push(r),
      ...(extra.maxAmountPerRequest !== undefined ? { maxAmountPerRequest: extra.maxAmountPerRequest } : {}),
    });
    return { c, receipts };
  }

  it('402 → pays privately → payment_pending until the crank → 200 with X-Payment-Signature; merchant credited the quoted amount', async () => {
    const seen: string[] = [];
    const { c, receipts } = client({ observe: (status, reason) => seen.push(`${status}:${reason ?? ''}`) });
    const before = await merchantBalance();

    const res = await c.fetch(`${stack.apiUrl}/api/sentiment`);

    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ asset: 'SOL', label: 'bullish' });
    expect(seen[0]).toBe('402:payment_required');
    expect(seen).toContain('402:payment_pending');
    expect(seen.at(-1)).toBe('200:');
    expect(await merchantBalance()).toBe(before + 10_000n);

    expect(receipts).toHaveLength(1);
    const settlement = res.headers.get('x-payment-signature');
    expect(settlement).toBeTruthy();
    // The settlement is the crank's vault → merchant transfer, not the agent's transaction.
    expect(settlement).not.toBe(receipts[0]!.transactionSignature);
    const tx = await connection.getTransaction(settlement!, { maxSupportedTransactionVersion: 0 });
    expect(tx?.meta?.logMessages).toContain(`Program log: client_ref_id: ${receipts[0]!.paymentId}`);
  });

  it('pays each route its own price', async () => {
    const { c, receipts } = client();
    const before = await merchantBalance();
    for (const path of ['/api/whales', '/api/risk']) expect((await c.fetch(`${stack.apiUrl}${path}`)).status).toBe(200);
    expect(receipts.map((r) => r.amount)).toEqual([20_000n, 30_000n]);
    expect(await merchantBalance()).toBe(before + 50_000n);
  });

  it('refuses to pay above maxAmountPerRequest, with a quote-phase error and no payment', async () => {
    const { c, receipts } = client({ maxAmountPerRequest: 15_000n });
    const err = await c.fetch(`${stack.apiUrl}/api/risk`).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(PrivatePaymentError);
    expect([(err as PrivatePaymentError).phase, (err as PrivatePaymentError).code]).toEqual(['quote', 'amount_over_limit']);
    expect(receipts).toEqual([]);
  });

  it('moves funds base → private → base and reports both balances', async () => {
    const { c } = client();
    const base0 = await c.balance();
    const priv0 = await c.privateBalance();
    await c.deposit(40_000n);
    expect(await c.privateBalance()).toBe(priv0 + 40_000n);
    await c.withdraw(15_000n);
    expect(await c.privateBalance()).toBe(priv0 + 25_000n);
    expect(await c.balance()).toBe(base0 - 25_000n);
  });
});
