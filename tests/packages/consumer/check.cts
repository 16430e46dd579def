// The same packages resolved through `require` (exports' "require" types: dist/index.d.cts).
import sdk = require('@quietpay/sdk');
import server = require('@quietpay/server');
import web3 = require('@solana/web3.js');

export const wallet: sdk.WalletSigner = sdk.keypairWallet(web3.Keypair.generate());
export const paywall = server.sessionPaywallExpress({ facilitatorUrl: 'http://127.0.0.1:1', price: '0.01', payTo: 'merchant' });
export function codeOf(error: unknown): string | undefined {
  return error instanceof sdk.QuietpayError ? error.code : undefined;
}
// @ts-expect-error keypairWallet takes a Keypair
sdk.keypairWallet('not a keypair');
