/**
 * px402 wire names (PROTOCOLS.md §4), shared by the resource-server middleware and the client SDK
 * so both sides can never drift apart. HTTP header names are case-insensitive; these are the
 * canonical spellings.
 *
 * @example
 * res.headers.get(PX402_HEADERS.id); // the decimal payment id of a 402 quote
 */
export const PX402_HEADERS = {
  amount: 'X-Payment-Amount',
  currency: 'X-Payment-Currency',
  network: 'X-Payment-Network',
  address: 'X-Payment-Address',
  id: 'X-Payment-Id',
  token: 'X-Payment-Token',
  signature: 'X-Payment-Signature',
} as const;

/** The only currency px402 quotes carry. */
export const PX402_CURRENCY = 'USDC';

/** The only network value px402 quotes carry. */
export const PX402_NETWORK = 'solana-per';
