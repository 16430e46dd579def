/** A mint, a facilitator key and a merchant, for paywall specs. */
export const SEED_MINT = '7crFMbJN7hxVhUPNcRRxTGr9nD3TnvpZ8pNZepA19wuB';
export const SEED_FACILITATOR = '55LEmvuVgujxEvbrYBiDXBZmMxu3dMofVvT6uCq4q2xK';
export const PAY_TO = '11111111111111111111111111111112';
export const SEED_NETWORK = 'solana:EtWTRABZaYq6iMfeYKouRu166VU2xqa1';

/**
 * `/supported` as the seed (solana-x402-sessions) answers it: the mint as the kind's `asset` (no
 * `extra.mint`) and a relative `sessionsEndpoint`.
 */
export const SEED_SUPPORTED = {
  kinds: [
    {
      x402Version: 2,
      scheme: 'session',
      network: SEED_NETWORK,
      asset: SEED_MINT,
      extra: { facilitatorAddress: SEED_FACILITATOR, spender: SEED_FACILITATOR, sessionsEndpoint: '/sessions', decimals: 6 },
    },
  ],
  extensions: [],
  signers: {},
};
