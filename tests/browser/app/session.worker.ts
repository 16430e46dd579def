import { createSession, memorySessionStorage, readPaymentReceipt } from '@quietpay/sdk';
import { Connection } from '@solana/web3.js';
import { InPageWalletAdapter } from './in-page.wallet';
import type { WorkerAnswer, WorkerRequest } from './worker-messages';

// The SDK in a module Web Worker: no window, no DOM, no Web Storage. The worker opens its own
// session (its own wallet, so the page's session stays untouched) and pays one call.

interface WorkerScope {
  onmessage: ((event: MessageEvent<WorkerRequest>) => void) | null;
  postMessage(message: WorkerAnswer): void;
}
const scope = globalThis as unknown as WorkerScope;

async function payOnce({ config }: WorkerRequest): Promise<WorkerAnswer> {
  const session = await createSession({
    wallet: new InPageWalletAdapter(Uint8Array.from(config.workerWalletSecret)),
    facilitatorUrl: config.gatewayUrl,
    connection: new Connection(config.rpcUrl, 'confirmed'),
    cap: '1',
    expiresInSeconds: 3600,
    recipient: config.merchant,
    storage: memorySessionStorage(),
  });
  const res = await session.fetch(`${config.paidApiUrl}/api/chat`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ message: 'from a worker' }),
  });
  if (res.status !== 200) return { ok: false, error: `HTTP ${res.status} ${await res.text()}` };
  const receipt = readPaymentReceipt(res);
  if (!receipt?.success || receipt.amount === undefined) return { ok: false, error: 'no successful PAYMENT-RESPONSE with an amount' };
  return { ok: true, amount: receipt.amount, transaction: receipt.transaction };
}

scope.onmessage = (event) => {
  payOnce(event.data).then(
    (answer) => scope.postMessage(answer),
    (error: unknown) => scope.postMessage({ ok: false, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) }),
  );
};
