// The smallest browser app that opens a session and pays: a wallet adapter, a session kept in
// localStorage, one paid call. Bundled by tests/packages/browser-budget.test.ts for its size.
import { createSession, localSessionStorage, type WalletSigner } from '@quietpay/sdk';

export async function payOnce(wallet: WalletSigner, recipient: string): Promise<number> {
  const session = await createSession({
    wallet,
    facilitatorUrl: 'https://facilitator.example',
    rpcUrl: 'https://rpc.example',
    cap: '5',
    expiresInSeconds: 3600,
    recipient,
    storage: localSessionStorage(),
  });
  const res = await session.fetch('https://api.example/chat', { method: 'POST', body: '{"message":"hi"}' });
  return res.status;
}
