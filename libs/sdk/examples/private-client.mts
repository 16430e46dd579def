import { createPrivateClient, keypairWallet, PrivatePaymentError } from '@quietpay/sdk';
import { Keypair } from '@solana/web3.js';

// The same wallet helper as for sessions: one WalletSigner type across the SDK.
const client = createPrivateClient({
  wallet: keypairWallet(Keypair.generate()),
  rpcUrl: 'http://127.0.0.1:8899',
  paymentsApiUrl: 'http://127.0.0.1:8901',
  mint: process.env.USDC_MINT ?? '',
  cluster: 'localnet',
  maxAmountPerRequest: 50_000n, // refuse quotes above 0.05 USDC
});

try {
  const res = await client.fetch('http://127.0.0.1:4200/api/quote/SOL');
  console.log(await res.json());
} catch (error) {
  // A payment that left the wallet is never swallowed: retry with its id instead of paying again.
  if (error instanceof PrivatePaymentError && error.paymentMayHaveLanded) console.warn(error.signature, error.quote?.paymentId);
  else throw error;
}
