import { keypairWallet, PrivateSchemeClient } from '@quietpay/sdk';
import { Keypair } from '@solana/web3.js';
import { x402Client } from '@x402/core/client';
import { wrapFetchWithPayment } from '@x402/fetch';

// The private scheme (x402 v2 wire): the payment moves through MagicBlock's transfer queue while the
// payload is made, and the scheme waits until the facilitator saw it settle before x402Client retries.
const network = 'solana:localnet'; // the facilitator's private kind in GET /supported
const scheme = new PrivateSchemeClient({
  wallet: keypairWallet(Keypair.generate()),
  network,
  facilitatorUrl: 'http://127.0.0.1:4000',
  rpcUrl: 'http://127.0.0.1:8899',
});
const client = x402Client.fromConfig({
  schemes: [{ network, client: scheme }],
  spendControls: { allowedAssets: [{ network, asset: process.env.USDC_MINT ?? '', maxAmountPerPayment: '50000' }] },
});

const res = await wrapFetchWithPayment(fetch, client)('http://127.0.0.1:4300/api/report');
console.log(res.status, res.headers.get('PAYMENT-RESPONSE'));
