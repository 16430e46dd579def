/**
 * Solana network identifiers as x402 speaks them.
 *
 * CAIP-2 ids for Solana are `solana:` + the first 32 characters of the cluster's base58 genesis hash.
 * Localnet has no public genesis hash (every LiteSVM instance is a fresh chain), so quietpay's default
 * localnet id is `solana:localnet`: syntactically valid CAIP-2, and it can never collide with a real
 * cluster because `l` is not in the base58 alphabet. Operators who prefer the genesis-derived form pass
 * `caip2FromGenesisHash(await connection.getGenesisHash())` as the localnet id.
 */

/** A CAIP-2 chain id, the same template type as `@x402/core`'s `Network`. */
export type Caip2Network = `${string}:${string}`;

/** The clusters quietpay can run against (the configuration profiles). */
export type SolanaCluster = 'mainnet' | 'devnet' | 'localnet';

/** Mainnet-beta, from its genesis hash 5eykt4UsFv8P8NJdTREpY1vzqKqZKvdpKuc147dw2N9d. */
export const SOLANA_MAINNET_CAIP2 = 'solana:5eykt4UsFv8P8NJdTREpY1vzqKqZKvdp' as const;
/** Devnet, from its genesis hash EtWTRABZaYq6iMfeYKouRu166VU2xqa1wcaWoxPkrZBG. */
export const SOLANA_DEVNET_CAIP2 = 'solana:EtWTRABZaYq6iMfeYKouRu166VU2xqa1' as const;
/** quietpay's default localnet id (see the file comment for why it is not genesis-derived). */
export const SOLANA_LOCALNET_CAIP2_DEFAULT = 'solana:localnet' as const;

/** The seed documents' non-standard devnet id: accepted on input, never emitted. */
export const SOLANA_DEVNET_ALIAS = 'solana:devnet' as const;

/** x402 v1 network names (`@x402/svm` v1). `solana-localnet` is quietpay's own, for symmetry. */
export const SOLANA_V1_NAMES: Readonly<Record<SolanaCluster, string>> = {
  mainnet: 'solana',
  devnet: 'solana-devnet',
  localnet: 'solana-localnet',
};

/** CAIP-2 syntax: namespace 3–8 of [-a-z0-9], reference 1–32 of [-_a-zA-Z0-9]. */
export const CAIP2_PATTERN = /^[-a-z0-9]{3,8}:[-_a-zA-Z0-9]{1,32}$/;
