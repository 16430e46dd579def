/** px402 header names (canonical spelling; HTTP header names are case-insensitive). */
export const PX402_HEADERS = {
  amount: 'X-Payment-Amount',
  currency: 'X-Payment-Currency',
  network: 'X-Payment-Network',
  address: 'X-Payment-Address',
  id: 'X-Payment-Id',
  token: 'X-Payment-Token',
  signature: 'X-Payment-Signature',
} as const;

export const PX402_CURRENCY = 'USDC';
export const PX402_NETWORK = 'solana-per';
export const DEFAULT_TOKEN_TTL_MS = 5 * 60 * 1000;
