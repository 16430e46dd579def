import { fileSessionStorage, SessionSchemeClient } from '@quietpay/sdk';
import { x402Client } from '@x402/core/client';
import { wrapFetchWithPayment } from '@x402/fetch';

// A session opened earlier with createSession({ ..., storage }) pays through the stock x402 client.
const scheme = await SessionSchemeClient.fromStorage(fileSessionStorage('./sessions.json'), process.env.SESSION_ID ?? '');
const client = x402Client.fromConfig({
  schemes: [{ network: scheme.network, client: scheme }],
  // x402Client pays only tokens it knows unless allowed: here at most 1 token per call.
  spendControls: { allowedAssets: [scheme.allowedAsset('1000000')] },
});
const paidFetch = wrapFetchWithPayment(fetch, client);

const res = await paidFetch('http://127.0.0.1:4100/api/chat', { method: 'POST', body: JSON.stringify({ message: 'hi' }) });
console.log(res.status, res.headers.get('PAYMENT-RESPONSE'));
