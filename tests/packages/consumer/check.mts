// Type-checked in the consumer project (tsc --noEmit, skipLibCheck off) against the packed
// dist/index.d.mts. The @ts-expect-error lines fail the check if the declarations degrade to `any`.
import {
  createSession,
  InvalidOptionError,
  keypairWallet,
  QuietpayError,
  readPaymentRequired,
  SessionSchemeClient,
  type CreateSessionOptions,
  type SessionHandle,
  type WalletSigner,
} from '@quietpay/sdk';
import { assertPrice, paymentMiddleware, PrivateSchemeServer, sessionPaywallExpress, SessionSchemeServer, type PaidRoutes } from '@quietpay/server';
import { x402Client } from '@x402/core/client';
import { Keypair } from '@solana/web3.js';
import express from 'express';

const wallet: WalletSigner = keypairWallet(Keypair.generate());
const options: CreateSessionOptions = {
  wallet,
  facilitatorUrl: 'http://127.0.0.1:1',
  rpcUrl: 'http://127.0.0.1:2',
  cap: '2',
  expiresInSeconds: 600,
  recipient: 'merchant',
};
export const opened: Promise<SessionHandle> = createSession(options);
// @ts-expect-error cap is a decimal string or bigint, not a number
export const badCap: CreateSessionOptions = { ...options, cap: 2 };

export function schemeFor(session: SessionHandle, scheme: SessionSchemeClient): x402Client {
  void session;
  return x402Client.fromConfig({ schemes: [{ network: scheme.network, client: scheme }], spendControls: { allowedAssets: [scheme.allowedAsset()] } });
}

export function accepted(res: Response): string[] {
  return readPaymentRequired(res)?.accepts.map((a) => a.scheme) ?? [];
}

export function describeError(error: unknown): string | undefined {
  if (error instanceof InvalidOptionError) return error.field;
  if (error instanceof QuietpayError) return `${error.code} ${String(error.retryable)}`;
  return undefined;
}

const routes: PaidRoutes = { 'POST /api/*': { scheme: 'session', price: '$0.01' } };
const app = express();
app.use(paymentMiddleware(routes, { session: { facilitatorUrl: 'http://127.0.0.1:1', payTo: 'merchant' } }));
app.post('/one', sessionPaywallExpress({ facilitatorUrl: 'http://127.0.0.1:1', price: '0.01', payTo: 'merchant' }));
// @ts-expect-error price is required
sessionPaywallExpress({ facilitatorUrl: 'http://127.0.0.1:1', payTo: 'merchant' });
export const servers = [SessionSchemeServer, PrivateSchemeServer, assertPrice] as const;
