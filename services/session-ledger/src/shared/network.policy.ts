import { createNetworkResolver, DEFAULT_NETWORK_IDS, type Caip2Network } from '@quietpay/x402';

/**
 * Maps any accepted spelling of a network (CAIP-2, `solana:devnet`, v1 names) to its CAIP-2 id.
 * A served id that is neither mainnet nor devnet is this deployment's localnet id (e.g. a
 * genesis-derived one), so the resolver is told about it.
 */
export function networkNormaliser(served: Caip2Network): (input: string) => string | undefined {
  const known = served === DEFAULT_NETWORK_IDS.mainnet || served === DEFAULT_NETWORK_IDS.devnet;
  const resolver = createNetworkResolver(known ? {} : { localnet: served });
  return (input) => resolver.toCaip2(input);
}
