import { randomUUID } from 'node:crypto';
import { buildSessionPaymentPayload, createSession, FacilitatorClient, keypairWallet, memorySessionStorage, type SessionKind } from '@quietpay/sdk';
import type { PaymentPayload, PaymentRequired, PaymentRequirements } from '@quietpay/x402';
import type { Keypair } from '@solana/web3.js';
import type { SettleAnswer } from './facilitator-http';
import { eventually } from './service.process';
import type { SessionStack } from './session-stack';

/** A session opened through the gateway, and fresh payments against it (one per call). */
export interface SessionPayer {
  readonly sessionId: string;
  readonly requirements: PaymentRequirements;
  payload(): PaymentPayload;
  /**
   * A payment signed by the session key whose terms differ from the session's (another payTo, an
   * amount past the cap), with requirements that echo them: it passes every stateless check and
   * must be refused by the ledger.
   */
  signedWith(terms: { readonly payTo?: string; readonly amount?: string }): { paymentPayload: PaymentPayload; paymentRequirements: PaymentRequirements };
  /** Closes the session as its holder would (signed by the session key). */
  close(): Promise<void>;
}

/** The gateway's session kind, and a session payer of the stack's agent to its merchant at `price` a call. */
export async function openAgentPayer(stack: SessionStack, price: bigint): Promise<{ kind: SessionKind; payer: SessionPayer }> {
  const kind = await new FacilitatorClient(stack.gatewayUrl).sessionKind();
  return { kind, payer: await openSessionPayer(stack, kind, stack.wallets.agent, stack.wallets.merchant, price) };
}

/**
 * Opens a real session (SDK approve, cap 1 token, an hour) from `user` to `recipient` and returns
 * what a client needs to pay `price` base units per call with it.
 *
 * @example
 * const payer = await openSessionPayer(stack, kind, stack.wallets.agent, stack.wallets.merchant, 10_000n);
 * await fetch(`${stack.gatewayUrl}/settle`, { method: 'POST', body: JSON.stringify({ x402Version: 2, paymentPayload: payer.payload(), paymentRequirements: payer.requirements }) });
 */
export async function openSessionPayer(stack: SessionStack, kind: SessionKind, user: Keypair, recipient: Keypair, price: bigint): Promise<SessionPayer> {
  const storage = memorySessionStorage();
  const handle = await createSession({
    wallet: keypairWallet(user),
    facilitatorUrl: stack.gatewayUrl,
    connection: stack.connection,
    cap: '1',
    expiresInSeconds: 3600,
    recipient: recipient.publicKey.toBase58(),
    storage,
  });
  const secretKey = Uint8Array.from(Buffer.from((await storage.get(handle.sessionId))!.sessionSecretKey, 'base64'));
  const requirements: PaymentRequirements = {
    scheme: 'session',
    network: kind.network as PaymentRequirements['network'],
    asset: kind.extra.mint,
    amount: price.toString(),
    payTo: recipient.publicKey.toBase58(),
    maxTimeoutSeconds: 60,
    extra: { ...kind.extra },
  };
  const payFor = (terms: PaymentRequirements): PaymentPayload => {
    const required: PaymentRequired = { x402Version: 2, resource: { url: `https://quietpay.test/${randomUUID()}` }, accepts: [terms] };
    return buildSessionPaymentPayload(required, terms, handle.sessionId, secretKey);
  };
  return {
    sessionId: handle.sessionId,
    requirements,
    payload: () => payFor(requirements),
    signedWith: (terms) => {
      const paymentRequirements = { ...requirements, ...terms };
      return { paymentPayload: payFor(paymentRequirements), paymentRequirements };
    },
    close: () => handle.close(),
  };
}

/** What the gateway's `/settle` answers (the fields tests read). */
export type { SettleAnswer } from './facilitator-http';

/** One `POST /settle` of `paymentPayload` against the payer's requirements. */
export async function settleOnce(gatewayUrl: string, payer: Pick<SessionPayer, 'requirements'>, paymentPayload: PaymentPayload): Promise<SettleAnswer> {
  const res = await fetch(`${gatewayUrl}/settle`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ x402Version: 2, paymentPayload, paymentRequirements: payer.requirements }),
  });
  return (await res.json()) as SettleAnswer;
}

/**
 * Sends the same `paymentPayload` again until the answer is no longer `settlement_pending` (a
 * client's retry after an outage): the retried header must converge on one charge.
 */
export function settleUntilDecided(gatewayUrl: string, payer: Pick<SessionPayer, 'requirements'>, paymentPayload: PaymentPayload): Promise<SettleAnswer> {
  return eventually(
    async () => {
      const answer = await settleOnce(gatewayUrl, payer, paymentPayload);
      return answer.errorReason === 'settlement_pending' ? undefined : answer;
    },
    'the same payment to settle',
    300,
    200,
  );
}
