// The smallest browser app that pays through the private client: a wallet adapter and one paid
// call. Bundled by tests/packages/browser-budget.test.ts for its size.
import { createPrivateClient, type WalletSigner } from '@quietpay/sdk';

export async function payPrivately(wallet: WalletSigner, mint: string): Promise<number> {
  const client = createPrivateClient({
    wallet,
    rpcUrl: 'https://rpc.example',
    paymentsApiUrl: 'https://payments.example',
    mint,
    cluster: 'devnet',
  });
  const res = await client.fetch('https://api.example/quote/SOL');
  return res.status;
}
