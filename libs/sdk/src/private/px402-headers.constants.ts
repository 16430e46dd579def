/**
 * px402 header names (PROTOCOLS.md §4). The server library defines the same names; the SDK keeps its
 * own copy so clients do not pull in the resource-server package.
 */
export const PX402_CLIENT_HEADERS = {
  amount: 'X-Payment-Amount',
  currency: 'X-Payment-Currency',
  network: 'X-Payment-Network',
  address: 'X-Payment-Address',
  id: 'X-Payment-Id',
  token: 'X-Payment-Token',
  signature: 'X-Payment-Signature',
} as const;

/** The only network value px402 quotes carry. */
export const PX402_PRIVATE_NETWORK = 'solana-per';
