import { type KeypairLike, keypairWallet } from '../wallet/keypair-wallet';
import type { SignableTransaction, WalletSigner } from '../wallet/wallet-signer.types';

/** @deprecated Same as `SignableTransaction`; kept for existing imports. */
export type PrivateSignableTransaction = SignableTransaction;

/** @deprecated The private client takes the SDK's one `WalletSigner`; this alias keeps old imports compiling. */
export type PrivateWalletSigner = WalletSigner;

/**
 * @deprecated Use `keypairWallet`: one helper for the session and the private client.
 *
 * @example
 * const client = createPrivateClient({ wallet: keypairWalletSigner(keypair), rpcUrl, paymentsApiUrl, mint, cluster: 'devnet' });
 */
export function keypairWalletSigner(keypair: KeypairLike): WalletSigner {
  return keypairWallet(keypair);
}
