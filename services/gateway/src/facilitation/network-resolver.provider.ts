import type { Provider } from '@nestjs/common';
import { SERVICE_CONFIG } from '@quietpay/platform';
import { createNetworkResolver, DEFAULT_NETWORK_IDS } from '@quietpay/x402';
import type { GatewayConfig } from '../config.schema';

export const NETWORK_RESOLVER = Symbol('quietpay.gateway.networkResolver');

/**
 * Network spellings resolved against this facilitator's configured id: a custom SESSION_NETWORK for
 * localnet (or any cluster) replaces that cluster's default id.
 */
export const networkResolverProvider: Provider = {
  provide: NETWORK_RESOLVER,
  inject: [SERVICE_CONFIG],
  useFactory: (config: GatewayConfig) => {
    const known = Object.values(DEFAULT_NETWORK_IDS).includes(config.NETWORK);
    return createNetworkResolver(known ? {} : { [config.QUIETPAY_PROFILE]: config.NETWORK });
  },
};
