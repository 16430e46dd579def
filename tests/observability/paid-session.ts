import { randomUUID } from 'node:crypto';
import { buildSessionPaymentPayload, createSession, FacilitatorClient, keypairWallet, memorySessionStorage, type SessionHandle } from '@quietpay/sdk';
import type { PaymentPayload, PaymentRequirements } from '@quietpay/x402';
import type { SessionStack } from '../support/session-stack';

/** A session opened with the SDK by the stack's agent for the merchant, with its session key. */
export interface PaidSession {
  readonly handle: SessionHandle;
  readonly secretKey: Uint8Array;
  /** Requirements the session scheme accepts, for `amount` base units to the merchant. */
  requirements(amount: bigint): PaymentRequirements;
  /** A signed session payment for `requirements` (a fresh nonce and resource each call). */
  payload(requirements: PaymentRequirements): PaymentPayload;
}

/** Opens a `cap` USDC session through the first gateway, as an agent using the SDK would. */
export async function openPaidSession(stack: SessionStack, cap: string): Promise<PaidSession> {
  const kind = await new FacilitatorClient(stack.gatewayUrl).sessionKind();
  const storage = memorySessionStorage();
  const handle = await createSession({
    wallet: keypairWallet(stack.wallets.agent),
    facilitatorUrl: stack.gatewayUrl,
    connection: stack.connection,
    cap,
    expiresInSeconds: 3600,
    recipient: stack.wallets.merchant.publicKey.toBase58(),
    storage,
  });
  const stored = await storage.get(handle.sessionId);
  if (!stored) throw new Error('createSession stored no session key');
  const secretKey = Uint8Array.from(Buffer.from(stored.sessionSecretKey, 'base64'));
  return {
    handle,
    secretKey,
    requirements: (amount) => ({
      scheme: 'session',
      network: kind.network as PaymentRequirements['network'],
      asset: kind.extra.mint,
      amount: amount.toString(),
      payTo: stack.wallets.merchant.publicKey.toBase58(),
      maxTimeoutSeconds: 60,
      extra: { ...kind.extra },
    }),
    payload: (requirements) =>
      buildSessionPaymentPayload(
        { x402Version: 2, resource: { url: `https://obs.quietpay.test/${randomUUID()}` }, accepts: [requirements] },
        requirements,
        handle.sessionId,
        secretKey,
      ),
  };
}

export interface SettleAnswer {
  readonly success: boolean;
  readonly errorReason?: string;
  readonly transaction: string;
}

/** POST /settle on `gatewayUrl` with an x402 v2 body. */
export async function settleAt(
  gatewayUrl: string,
  paymentPayload: PaymentPayload,
  paymentRequirements: PaymentRequirements,
): Promise<{ status: number; body: SettleAnswer }> {
  const res = await fetch(`${gatewayUrl}/settle`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ x402Version: 2, paymentPayload, paymentRequirements }),
  });
  return { status: res.status, body: (await res.json()) as SettleAnswer };
}
