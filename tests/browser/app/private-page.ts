import { createPrivateClient, formatUnits, type PrivatePaymentReceipt } from '@quietpay/sdk';
import { loadConfig, type PrivateAppConfig } from './browser-app.config';
import { InPageWalletAdapter } from './in-page.wallet';

// The private (px402) client in a page: one paid call to examples/private-api's /api/sentiment,
// paid through the payments API's private transfer queue with the in-page wallet adapter. The
// outcome lands in data-testid elements; a failure in [data-testid=error].

function show(testId: string, text: string, attrs: Record<string, string> = {}): void {
  const el = document.querySelector<HTMLElement>(`[data-testid="${testId}"]`);
  if (!el) throw new Error(`page has no [data-testid=${testId}]`);
  el.textContent = text;
  for (const [name, value] of Object.entries(attrs)) el.setAttribute(name, value);
}

async function payOnce(config: PrivateAppConfig): Promise<void> {
  const wallet = new InPageWalletAdapter(Uint8Array.from(config.walletSecret));
  const receipts: PrivatePaymentReceipt[] = [];
  const client = createPrivateClient({
    wallet,
    rpcUrl: config.rpcUrl,
    paymentsApiUrl: config.paymentsApiUrl,
    mint: config.mint,
    cluster: 'localnet',
    retry: { schedule: [250], maxWaitMs: 60_000 },
    onPayment: (receipt) => receipts.push(receipt),
  });
  show('status', 'paying');
  const res = await client.fetch(`${config.apiUrl}/api/sentiment`);
  if (res.status !== 200) throw new Error(`HTTP ${res.status} ${await res.text()}`);
  const body = (await res.json()) as { label?: string };
  const [receipt] = receipts;
  if (!receipt) throw new Error('served without a payment receipt');
  show('answer', body.label ?? '');
  show('private-receipt', `paid ${formatUnits(receipt.amount, 6)} USDC privately`, {
    'data-amount': receipt.amount.toString(),
    'data-transaction': receipt.transactionSignature,
    'data-settlement': res.headers.get('x-payment-signature') ?? '',
  });
  show('wallet-prompts', String(wallet.prompts.length));
  show('status', 'paid');
}

loadConfig<PrivateAppConfig>()
  .then((config) => {
    document.querySelector('[data-testid="pay-private"]')?.addEventListener('click', () => {
      payOnce(config).catch((e: unknown) => show('error', e instanceof Error ? `${e.name}: ${e.message}` : String(e)));
    });
    show('status', 'ready');
  })
  .catch((e: unknown) => show('error', `load: ${String(e)}`));
