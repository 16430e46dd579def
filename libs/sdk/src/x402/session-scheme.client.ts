import { type PaymentRequirements, signSessionPayment } from '@quietpay/x402';
import type { PaymentCreationContext, SpendControlAsset } from '@x402/core/client';
import type { PaymentPayloadContext, PaymentPayloadResult, SchemeClientHooks, SchemeNetworkClient } from '@x402/core/types';
import { QuietpaySdkError } from '../errors/sdk.error';
import { selectSessionRequirements, randomNonce } from '../session/session-payment.builder';
import type { SessionStorage, StoredSession } from '../storage/session-storage.port';

function decodeKey(base64: string): Uint8Array {
  const binary = atob(base64);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) out[i] = binary.charCodeAt(i);
  return out;
}

/**
 * The quietpay `session` scheme for `@x402/core`'s client, so `@x402/fetch`'s
 * `wrapFetchWithPayment` (or any x402 client) pays session-scheme 402s from an open session.
 * Register it for the session's network; payments are signed by the session key (no wallet
 * prompt), bound to the resource URL, amount, recipient and a fresh nonce.
 *
 * The session payment signs the resource URL, which x402Client does not pass to schemes: the
 * scheme's `onBeforePaymentCreation` hook (run by x402Client just before `createPaymentPayload`)
 * records it for the requirements object being paid.
 *
 * x402Client only pays assets it knows (USDC and the like) unless told otherwise: allow the
 * session's confidential token with `spendControls.allowedAssets: [scheme.allowedAsset(cap)]`.
 *
 * @example
 * const scheme = await SessionSchemeClient.fromStorage(storage, session.sessionId);
 * const client = x402Client.fromConfig({
 *   schemes: [{ network: scheme.network, client: scheme }],
 *   spendControls: { allowedAssets: [scheme.allowedAsset('1000000')] }, // ≤ 1 token per call
 * });
 * const paidFetch = wrapFetchWithPayment(fetch, client);
 */
export class SessionSchemeClient implements SchemeNetworkClient {
  readonly scheme = 'session';
  /** The CAIP-2 network the session lives on: register the scheme under it. */
  readonly network: `${string}:${string}`;
  readonly schemeHooks: SchemeClientHooks;
  private readonly secretKey: Uint8Array;
  private readonly resources = new WeakMap<PaymentRequirements, string>();

  constructor(private readonly session: StoredSession) {
    this.secretKey = decodeKey(session.sessionSecretKey);
    this.network = session.network as `${string}:${string}`;
    this.schemeHooks = {
      onBeforePaymentCreation: (context: PaymentCreationContext) => {
        this.resources.set(context.selectedRequirements as PaymentRequirements, context.paymentRequired.resource.url);
        return Promise.resolve();
      },
    };
  }

  /**
   * The `spendControls.allowedAssets` entry for this session's token, optionally capping each
   * payment at `maxAmountPerPayment` base units (the session's own cap and per-call limit hold anyway).
   */
  allowedAsset(maxAmountPerPayment?: string): SpendControlAsset {
    return { network: this.network, asset: this.session.asset, ...(maxAmountPerPayment !== undefined ? { maxAmountPerPayment } : {}) };
  }

  /** The scheme over a session `createSession` stored (or one restored after a restart). */
  static async fromStorage(storage: SessionStorage, sessionId: string): Promise<SessionSchemeClient> {
    const stored = await storage.get(sessionId);
    if (!stored) throw new QuietpaySdkError('session_unknown', `no stored key for session ${sessionId}`, { sessionId });
    return new SessionSchemeClient(stored);
  }

  createPaymentPayload(x402Version: number, requirements: PaymentRequirements, context?: PaymentPayloadContext): Promise<PaymentPayloadResult> {
    if (x402Version !== 2)
      throw new QuietpaySdkError('scheme_not_supported', `the session scheme is x402 v2 only (asked for v${x402Version})`, { x402Version });
    const resource = this.resources.get(requirements);
    if (resource === undefined) {
      throw new QuietpaySdkError(
        'payment_not_acceptable',
        'no resource URL for these requirements: register the scheme with x402Client.register so its hook runs',
        {},
        false,
        { phase: 'sign' },
      );
    }
    const { session } = this;
    const chosen = selectSessionRequirements(
      { x402Version: 2, resource: { url: resource }, accepts: [requirements] },
      {
        sessionId: session.sessionId,
        recipient: session.recipient,
        asset: session.asset,
        network: session.network,
        ...(session.perCallLimit !== undefined ? { perCallLimit: BigInt(session.perCallLimit) } : {}),
      },
    );
    if (context?.maxAmountPerPayment !== undefined && BigInt(chosen.amount) > BigInt(context.maxAmountPerPayment)) {
      throw new QuietpaySdkError('payment_not_acceptable', `price ${chosen.amount} is above the client's spend cap ${context.maxAmountPerPayment}`, {
        amount: chosen.amount,
      });
    }
    const payment = signSessionPayment(
      { sessionId: session.sessionId, amount: chosen.amount, nonce: randomNonce(), resource, payTo: chosen.payTo },
      this.secretKey,
    );
    return Promise.resolve({ x402Version: 2, payload: { ...payment } });
  }
}
