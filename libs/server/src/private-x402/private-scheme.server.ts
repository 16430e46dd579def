import { randomBytes } from 'node:crypto';
import type { VerifyContext } from '@x402/core/server';
import type { AssetAmount, Network, PaymentFlowConfig, PaymentRequirements, Price, SchemeNetworkServer, SupportedKind } from '@x402/core/types';
import { randomPaymentId } from '../px402/decide/payment-id.util';
import { assertTokenSecrets } from '../px402/token/payment-token.codec';
import type { PaymentTokenSecrets } from '../px402/token/payment-token.types';
import { parseSchemePrice } from '../pricing/price.util';
import { signPrivatePaymentToken, verifyPrivatePaymentToken } from './private-payment-token.codec';

/** Options of `PrivateSchemeServer`. */
export interface PrivateSchemeServerOptions {
  /** The USDC mint; when omitted it is taken from the facilitator's `extra.mint`. */
  readonly asset?: string;
  /** Token decimals for `$`/decimal prices (default 6, USDC). */
  readonly decimals?: number;
  /** Payment id source (default: random decimal u63, never 0). Tests may pin it. */
  readonly newPaymentId?: () => string;
  /**
   * HMAC secrets of the payment tokens (≥ 32 bytes each; sign with `current`, also accept `previous`).
   * Default: a random secret per instance, which is only right for ONE replica: behind a load
   * balancer every replica must share the secret, or a retry landing elsewhere is `invalid_payment_token`.
   */
  readonly tokenSecrets?: PaymentTokenSecrets;
  /** How long an agent has from the 402 to presenting the paid payment (default 3600 s). */
  readonly tokenTtlSeconds?: number;
  /** Clock in ms (tests). */
  readonly now?: () => number;
}

type Abort = { abort: true; reason: string; message: string };

// x402 core's name for "this scheme has no on-wire asset transfer method".
const NO_WIRE_ATM = 'default';
// What the facilitator's /supported extra contributes to every requirement (README: the private shapes).
const FACILITATOR_FIELDS = ['paymentsApiUrl', 'validator', 'transferQueue', 'cluster', 'paymentParts'] as const;
// Generous on purpose: the agent has already paid when the token expires, and an expired token is refused.
const DEFAULT_TOKEN_TTL_SECONDS = 3600;

/**
 * The quietpay `private` scheme (hidden recipient over MagicBlock's private transfer queue) for
 * `@x402/core`'s `x402ResourceServer` (2.22+ interface), so one facilitator and one
 * `HTTPFacilitatorClient` serve `private` next to `session`.
 *
 * Every 402 gets a fresh `extra.paymentId` and `extra.paymentToken`; the agent pays with
 * `clientRefId = paymentId` and retries with `payload: { paymentId, paymentToken }`. Both are
 * dynamic extra fields, so the paid requirement still matches the rebuilt ones on the retry.
 *
 * Why the token: the payment id is public once settled (`client_ref_id` is in the settlement's
 * log), so anyone watching the chain could present it and be served before the payer. The token
 * (HMAC over id, amount, asset, payTo, network, expiry with this server's secret) is only in the 402
 * answer, never on chain; the scheme's own before-verify/before-settle hooks refuse a payment id
 * presented without it (`invalid_payment_token`, `payment_token_expired`) or whose
 * `accepted.extra.paymentId` differs from `payload.paymentId` (`invalid_payload`), before the
 * facilitator is asked, so the secret never leaves the resource server. Payment flow `upfront`: the facilitator
 * settles (claims the payment, once across all replicas) before the handler runs, so two requests
 * presenting one payment never both get served.
 *
 * @example
 * const server = new x402ResourceServer(new HTTPFacilitatorClient({ url: FACILITATOR_URL }))
 *   .register(NETWORK, new SessionSchemeServer())
 *   .register(NETWORK, new PrivateSchemeServer());
 * await server.initialize();
 * const accepts = await server.buildPaymentRequirements({ scheme: 'private', network: NETWORK, payTo: MERCHANT_WALLET, price: '$0.01' });
 */
export class PrivateSchemeServer implements SchemeNetworkServer {
  readonly scheme = 'private';
  readonly defaultAssetTransferMethod = NO_WIRE_ATM;
  readonly paymentFlows: Readonly<Record<string, PaymentFlowConfig>> = {
    [NO_WIRE_ATM]: { supported: ['upfront'], default: 'upfront' },
  };
  readonly dynamicExtraFields: string[] = ['paymentId', 'paymentToken'];
  // Core runs these for this scheme only; a hook that THROWS is only logged by core (fail open),
  // so `bindingCheck` turns every failure into an abort.
  readonly schemeHooks = {
    onBeforeVerify: (context: VerifyContext): Promise<Abort | undefined> => Promise.resolve(this.bindingCheck(context)),
    onBeforeSettle: (context: VerifyContext): Promise<Abort | undefined> => Promise.resolve(this.bindingCheck(context)),
  };
  private readonly decimals: number;
  private readonly newPaymentId: () => string;
  private readonly secrets: PaymentTokenSecrets;
  private readonly ttlSeconds: number;
  private readonly now: () => number;

  constructor(private readonly options: PrivateSchemeServerOptions = {}) {
    this.decimals = options.decimals ?? 6;
    this.newPaymentId = options.newPaymentId ?? randomPaymentId;
    this.secrets = options.tokenSecrets ?? { current: randomBytes(32) };
    assertTokenSecrets(this.secrets, 'PrivateSchemeServer', 'tokenSecrets');
    this.ttlSeconds = options.tokenTtlSeconds ?? DEFAULT_TOKEN_TTL_SECONDS;
    this.now = options.now ?? Date.now;
  }

  parsePrice(price: Price, _network: Network): Promise<AssetAmount> {
    return parseSchemePrice(price, this.decimals, this.options.asset);
  }

  getAssetDecimals(): number {
    return this.decimals;
  }

  enhancePaymentRequirements(requirements: PaymentRequirements, supportedKind: SupportedKind, _facilitatorExtensions: string[]): Promise<PaymentRequirements> {
    const facilitatorExtra = supportedKind.extra ?? {};
    const mint = typeof facilitatorExtra['mint'] === 'string' ? facilitatorExtra['mint'] : undefined;
    const fromFacilitator: Record<string, unknown> = {};
    for (const field of FACILITATOR_FIELDS) if (facilitatorExtra[field] !== undefined) fromFacilitator[field] = facilitatorExtra[field];
    // `paymentParts` says what the facilitator's /verify does (sum every settlement under the id), so
    // only the facilitator may say it: a route's own value is dropped, else a seller could have agents
    // pay in parts that a one-transfer facilitator never verifies (money moved, call never served).
    const { paymentParts: _routeParts, ...routeExtra } = requirements.extra;
    const asset = requirements.asset !== '' ? requirements.asset : (mint ?? requirements.asset);
    const paymentId = this.newPaymentId();
    const expiry = Math.floor(this.now() / 1000) + this.ttlSeconds;
    const paymentToken = signPrivatePaymentToken(
      { paymentId, amount: requirements.amount, asset, payTo: requirements.payTo, network: requirements.network, expiry },
      this.secrets,
    );
    return Promise.resolve({
      ...requirements,
      asset,
      // The route's own extra wins over the facilitator's except for paymentParts (above); the
      // payment id and its token are always fresh.
      extra: { ...fromFacilitator, ...routeExtra, paymentId, paymentToken },
    });
  }

  /**
   * Refuses a payment whose id this server did not hand to the presenter: the token must be the
   * one issued with that id for the requirements now being paid (core passes the rebuilt ones, so
   * price, mint, recipient and network are this server's current values, not the agent's echo).
   */
  private bindingCheck(context: VerifyContext): Abort | undefined {
    try {
      const payload = context.paymentPayload.payload;
      const paymentId = payload['paymentId'];
      const echoed = context.paymentPayload.accepted.extra['paymentId'];
      if (typeof paymentId !== 'string' || echoed !== paymentId) {
        return { abort: true, reason: 'invalid_payload', message: 'payload.paymentId must equal accepted.extra.paymentId' };
      }
      const r = context.requirements;
      const check = verifyPrivatePaymentToken(
        payload['paymentToken'],
        { paymentId, amount: r.amount, asset: r.asset, payTo: r.payTo, network: r.network },
        this.secrets,
        this.now(),
      );
      if (check.ok) return undefined;
      return {
        abort: true,
        reason: check.reason,
        message:
          check.reason === 'payment_token_expired'
            ? 'the payment token expired; request a new 402'
            : 'payload.paymentToken is not the token issued with this payment id',
      };
    } catch {
      return { abort: true, reason: 'invalid_payload', message: 'the private payment payload could not be checked' };
    }
  }
}
