import type { AssetAmount, Network, PaymentFlowConfig, PaymentRequirements, Price, SchemeNetworkServer, SupportedKind } from '@x402/core/types';
import { randomPaymentId } from '../px402/decide/payment-id.util';
import { priceToBaseUnits } from '../session/scheme/session-price.util';

/** Options of `PrivateSchemeServer`. */
export interface PrivateSchemeServerOptions {
  /** The USDC mint; when omitted it is taken from the facilitator's `extra.mint`. */
  readonly asset?: string;
  /** Token decimals for `$`/decimal prices (default 6, USDC). */
  readonly decimals?: number;
  /** Payment id source (default: random decimal u63, never 0). Tests may pin it. */
  readonly newPaymentId?: () => string;
}

// x402 core's name for "this scheme has no on-wire asset transfer method".
const NO_WIRE_ATM = 'default';
// What the facilitator's /supported extra contributes to every requirement (README: the private shapes).
const FACILITATOR_FIELDS = ['paymentsApiUrl', 'validator', 'transferQueue', 'cluster'] as const;

/**
 * The quietpay `private` scheme (hidden recipient over MagicBlock's private transfer queue) for
 * `@x402/core`'s `x402ResourceServer` (2.22+ interface), so one facilitator and one
 * `HTTPFacilitatorClient` serve `private` next to `session`.
 *
 * Every 402 gets a fresh `extra.paymentId`; the agent pays with `clientRefId = paymentId` and
 * retries with `payload: { paymentId }`. `paymentId` is a dynamic extra field, so the paid
 * requirement still matches the rebuilt ones on the retry. Payment flow `upfront`: the facilitator
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
  readonly dynamicExtraFields: string[] = ['paymentId'];
  private readonly decimals: number;
  private readonly newPaymentId: () => string;

  constructor(private readonly options: PrivateSchemeServerOptions = {}) {
    this.decimals = options.decimals ?? 6;
    this.newPaymentId = options.newPaymentId ?? randomPaymentId;
  }

  parsePrice(price: Price, _network: Network): Promise<AssetAmount> {
    if (typeof price === 'object') return Promise.resolve(price);
    // An empty asset is "vacant": enhancePaymentRequirements fills it from the facilitator's mint.
    return Promise.resolve({ amount: priceToBaseUnits(price, this.decimals).toString(), asset: this.options.asset ?? '' });
  }

  getAssetDecimals(): number {
    return this.decimals;
  }

  enhancePaymentRequirements(
    requirements: PaymentRequirements,
    supportedKind: SupportedKind,
    _facilitatorExtensions: string[],
  ): Promise<PaymentRequirements> {
    const facilitatorExtra = supportedKind.extra ?? {};
    const mint = typeof facilitatorExtra['mint'] === 'string' ? facilitatorExtra['mint'] : undefined;
    const fromFacilitator: Record<string, unknown> = {};
    for (const field of FACILITATOR_FIELDS) if (facilitatorExtra[field] !== undefined) fromFacilitator[field] = facilitatorExtra[field];
    return Promise.resolve({
      ...requirements,
      asset: requirements.asset !== '' ? requirements.asset : (mint ?? requirements.asset),
      // The route's own extra wins over the facilitator's; the payment id is always fresh.
      extra: { ...fromFacilitator, ...requirements.extra, paymentId: this.newPaymentId() },
    });
  }
}
