import { readFileSync } from 'node:fs';
import { createSession, fileSessionStorage, keypairWallet, QuietpayError } from '@quietpay/sdk';
import { Keypair } from '@solana/web3.js';

const secret = Uint8Array.from(JSON.parse(readFileSync(process.env.WALLET_PATH ?? '', 'utf8')) as number[]);
const session = await createSession({
  wallet: keypairWallet(Keypair.fromSecretKey(secret)),
  facilitatorUrl: 'http://127.0.0.1:4021', // the quietpay gateway
  rpcUrl: 'http://127.0.0.1:8899',
  cap: '5', // at most 5 tokens over the session's life
  perCallLimit: '0.5',
  expiresInSeconds: 3600,
  recipient: process.env.MERCHANT ?? '', // a session pays one merchant
  storage: fileSessionStorage('./sessions.json'), // to pay again after a restart
});

try {
  const res = await session.fetch('http://127.0.0.1:4100/api/chat', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ message: 'hello' }),
  });
  console.log(res.status, await res.json(), (await session.getSession()).spent);
} catch (error) {
  // Every SDK error is a QuietpayError: branch on `code`, retry when `retryable`.
  if (error instanceof QuietpayError && error.retryable) console.warn(`retry later: ${error.code}`);
  else throw error;
}
