import type { AssetAmount, Network, PaymentFlowConfig, PaymentRequirements, Price, SchemeNetworkServer, SupportedKind } from '@x402/core/types';
import { parseSchemePrice } from '../../pricing/price.util';

/** Options of `SessionSchemeServer`. */
export interface SessionSchemeServerOptions {
  /** The confidential mint; when omitted it is taken from the facilitator's `extra.mint`. */
  readonly asset?: string;
  /** Token decimals for `$`/decimal prices (default 6, USDC). */
  readonly decimals?: number;
}

// x402 core's name for "this scheme has no on-wire asset transfer method".
const NO_WIRE_ATM = 'default';

/**
 * The quietpay `session` scheme for `@x402/core`'s `x402ResourceServer` (2.22+ interface). Requirements
 * carry the facilitator's `/supported` extra (spender, sessionsEndpoint, mint, program ids, TEE key)
 * so a client can open a session straight from a 402. Payment flow `authorization`: the facilitator
 * verifies before the handler runs and settles after it.
 *
 * @example
 * const server = new x402ResourceServer(new HTTPFacilitatorClient({ url: FACILITATOR_URL }))
 *   .register('solana:localnet', new SessionSchemeServer());
 * await server.initialize();
 * const accepts = await server.buildPaymentRequirements({ scheme: 'session', network: 'solana:localnet', payTo: MERCHANT, price: '$0.50' });
 */
export class SessionSchemeServer implements SchemeNetworkServer {
  readonly scheme = 'session';
  readonly defaultAssetTransferMethod = NO_WIRE_ATM;
  readonly paymentFlows: Readonly<Record<string, PaymentFlowConfig>> = {
    [NO_WIRE_ATM]: { supported: ['authorization'], default: 'authorization' },
  };
  // Every value in extra comes from the facilitator, none per request.
  readonly dynamicExtraFields: string[] = [];
  private readonly decimals: number;

  constructor(private readonly options: SessionSchemeServerOptions = {}) {
    this.decimals = options.decimals ?? 6;
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
    return Promise.resolve({
      ...requirements,
      asset: requirements.asset !== '' ? requirements.asset : (mint ?? requirements.asset),
      // The route's own extra wins over the facilitator's on a clash.
      extra: { ...facilitatorExtra, ...requirements.extra },
    });
  }
}
