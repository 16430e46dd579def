import { createSession, decryptBalance, formatUnits, memorySessionStorage, readPaymentReceipt, type SessionHandle } from '@quietpay/sdk';
import { Connection } from '@solana/web3.js';
import { type BrowserAppConfig, loadConfig } from './browser-app.config';
import { InPageWalletAdapter } from './in-page.wallet';
import type { WorkerAnswer, WorkerRequest } from './worker-messages';

// The page a web app would ship: open a session with the user's wallet, pay three calls to the
// paid API, decrypt and show the balance; and the same from a Web Worker. Every outcome lands in an
// element with a data-testid (the test reads those), every failure in [data-testid=error].

const PAID_CALLS = 3;

const byId = (testId: string): HTMLElement => {
  const el = document.querySelector<HTMLElement>(`[data-testid="${testId}"]`);
  if (!el) throw new Error(`page has no [data-testid=${testId}]`);
  return el;
};

function show(testId: string, text: string, attrs: Record<string, string> = {}): void {
  const el = byId(testId);
  el.textContent = text;
  for (const [name, value] of Object.entries(attrs)) el.setAttribute(name, value);
}

function showError(where: string, error: unknown): void {
  const e = error instanceof Error ? error : new Error(String(error));
  const code = (e as { code?: unknown }).code;
  show('error', `${where}: ${e.name}${typeof code === 'string' ? ` [${code}]` : ''}: ${e.message}`);
}

async function shownBalance(config: BrowserAppConfig, wallet: InPageWalletAdapter, connection: Connection, testId: string): Promise<void> {
  const balance = await decryptBalance({
    wallet,
    connection,
    covalidatorUrl: config.covalidatorUrl,
    mint: config.mint,
    incoTokenProgramId: config.incoTokenProgramId,
    incoLightningProgramId: config.incoLightningProgramId,
    attestationPublicKey: config.attestationPublicKey,
  });
  show(testId, `${formatUnits(balance, config.decimals)} USDC`, { 'data-base-units': balance.toString() });
}

async function payCalls(config: BrowserAppConfig, session: SessionHandle): Promise<void> {
  const list = byId('receipts');
  for (let i = 1; i <= PAID_CALLS; i += 1) {
    const res = await session.fetch(`${config.paidApiUrl}/api/chat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ message: `call ${i} from the browser` }),
    });
    if (res.status !== 200) throw new Error(`paid call ${i}: HTTP ${res.status} ${await res.text()}`);
    const receipt = readPaymentReceipt(res);
    if (!receipt?.success || receipt.amount === undefined) throw new Error(`paid call ${i}: no successful PAYMENT-RESPONSE with an amount`);
    const item = document.createElement('li');
    item.dataset['testid'] = 'receipt';
    item.dataset['amount'] = receipt.amount;
    item.dataset['transaction'] = receipt.transaction;
    item.textContent = `call ${i}: paid ${formatUnits(BigInt(receipt.amount), config.decimals)} USDC in ${receipt.transaction.slice(0, 16)}…`;
    list.append(item);
  }
}

async function run(config: BrowserAppConfig): Promise<void> {
  const wallet = new InPageWalletAdapter(Uint8Array.from(config.pageWalletSecret));
  const connection = new Connection(config.rpcUrl, 'confirmed');
  show('wallet', wallet.publicKey.toBase58());
  await shownBalance(config, wallet, connection, 'balance-before');

  show('status', 'opening session');
  const promptsBefore = wallet.prompts.length;
  const session = await createSession({
    wallet,
    facilitatorUrl: config.gatewayUrl,
    connection,
    cap: '2',
    expiresInSeconds: 3600,
    recipient: config.merchant,
    storage: memorySessionStorage(),
  });
  show('session-id', session.sessionId);
  show('open-prompts', String(wallet.prompts.length - promptsBefore));

  show('status', 'paying');
  const promptsBeforeCalls = wallet.prompts.length;
  await payCalls(config, session);
  show('call-prompts', String(wallet.prompts.length - promptsBeforeCalls));
  show('status', 'paid');
}

function payFromWorker(config: BrowserAppConfig): Promise<void> {
  // A module worker: it imports the SDK itself (no window, no DOM, no localStorage there).
  const worker = new Worker('./worker.js', { type: 'module' });
  return new Promise((resolve) => {
    worker.onerror = (event) => {
      show('error', `worker: ${event.message}`);
      resolve();
    };
    worker.onmessage = (event: MessageEvent<WorkerAnswer>) => {
      const answer = event.data;
      if (answer.ok)
        show('worker-receipt', `worker paid ${formatUnits(BigInt(answer.amount), config.decimals)} USDC`, {
          'data-amount': answer.amount,
          'data-transaction': answer.transaction,
        });
      else show('error', `worker: ${answer.error}`);
      worker.terminate();
      resolve();
    };
    const request: WorkerRequest = { config };
    worker.postMessage(request);
  });
}

async function main(): Promise<void> {
  const config = await loadConfig();
  const connection = new Connection(config.rpcUrl, 'confirmed');
  byId('pay').addEventListener('click', () => void run(config).catch((e: unknown) => showError('session', e)));
  byId('refresh-balance').addEventListener(
    'click',
    () =>
      void shownBalance(config, new InPageWalletAdapter(Uint8Array.from(config.pageWalletSecret)), connection, 'balance').catch((e: unknown) =>
        showError('balance', e),
      ),
  );
  byId('worker-pay').addEventListener('click', () => void payFromWorker(config));
  show('status', 'ready');
}

main().catch((e: unknown) => showError('load', e));
