import {
  CAIP2_PATTERN,
  type Caip2Network,
  SOLANA_DEVNET_ALIAS,
  SOLANA_DEVNET_CAIP2,
  SOLANA_LOCALNET_CAIP2_DEFAULT,
  SOLANA_MAINNET_CAIP2,
  SOLANA_V1_NAMES,
  type SolanaCluster,
} from './solana-networks.constants';
import { BASE58_ADDRESS_TEXT } from '../wire/wire-predicates';

/** The CAIP-2 id of each cluster; only `localnet` is normally overridden. */
export type NetworkIds = Readonly<Record<SolanaCluster, Caip2Network>>;

/** The ids quietpay uses when configuration does not say otherwise. */
export const DEFAULT_NETWORK_IDS: NetworkIds = {
  mainnet: SOLANA_MAINNET_CAIP2,
  devnet: SOLANA_DEVNET_CAIP2,
  localnet: SOLANA_LOCALNET_CAIP2_DEFAULT,
};

/** Maps network spellings (CAIP-2, the `solana:devnet` alias, v1 names) to clusters and back. */
export interface NetworkResolver {
  readonly ids: NetworkIds;
  /** The cluster an input names, or undefined when it names none of ours. */
  clusterOf(input: string): SolanaCluster | undefined;
  /** The canonical CAIP-2 id for an input spelling, or undefined when unknown. */
  toCaip2(input: string): Caip2Network | undefined;
  /** The x402 v1 name of an input spelling, or undefined when unknown. */
  toV1Name(input: string): string | undefined;
}

/** `solana:` + the first 32 characters of a base58 genesis hash (the CAIP-2 rule for Solana). */
export function caip2FromGenesisHash(genesisHash: string): Caip2Network {
  if (!BASE58_ADDRESS_TEXT.test(genesisHash)) {
    throw new RangeError(`not a base58 genesis hash: ${genesisHash}`);
  }
  return `solana:${genesisHash.slice(0, 32)}`;
}

/**
 * Builds a resolver over the configured ids.
 *
 * @example
 * const networks = createNetworkResolver({ localnet: 'solana:localnet' });
 * networks.toCaip2('solana:devnet'); // 'solana:EtWTRABZaYq6iMfeYKouRu166VU2xqa1'
 * networks.toV1Name('solana:5eykt4UsFv8P8NJdTREpY1vzqKqZKvdp'); // 'solana'
 */
export function createNetworkResolver(overrides: Partial<NetworkIds> = {}): NetworkResolver {
  const ids: NetworkIds = { ...DEFAULT_NETWORK_IDS, ...overrides };
  for (const [cluster, id] of Object.entries(ids)) {
    if (!CAIP2_PATTERN.test(id)) throw new RangeError(`${cluster} network id is not CAIP-2: ${id}`);
  }
  const byInput = new Map<string, SolanaCluster>();
  for (const cluster of ['mainnet', 'devnet', 'localnet'] as const) {
    byInput.set(ids[cluster], cluster);
    byInput.set(SOLANA_V1_NAMES[cluster], cluster);
  }
  byInput.set(SOLANA_DEVNET_ALIAS, 'devnet');
  const clusterOf = (input: string): SolanaCluster | undefined => byInput.get(input);
  return {
    ids,
    clusterOf,
    toCaip2: (input) => {
      const cluster = clusterOf(input);
      return cluster === undefined ? undefined : ids[cluster];
    },
    toV1Name: (input) => {
      const cluster = clusterOf(input);
      return cluster === undefined ? undefined : SOLANA_V1_NAMES[cluster];
    },
  };
}

/**
 * Rewrites the `solana:devnet` alias to devnet's CAIP-2 id and leaves every other id untouched.
 * Wire schemas apply it, so the alias never travels further than the decoder.
 *
 * @example
 * normalizeNetworkAlias('solana:devnet'); // 'solana:EtWTRABZaYq6iMfeYKouRu166VU2xqa1'
 */
export function normalizeNetworkAlias(network: Caip2Network): Caip2Network {
  return network === SOLANA_DEVNET_ALIAS ? SOLANA_DEVNET_CAIP2 : network;
}
