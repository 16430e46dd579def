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
  /**
   * quietpay's extension, ignored by px402 peers: a quote with `X-Payment-Parts: sum` comes from a
   * server that sums every settlement carrying its payment id, so the client may pay it in several
   * private transfers (standard denominations, docs/privacy.md). Without it, one transfer.
   */
  parts: 'X-Payment-Parts',
} as const;

/** The value of `X-Payment-Parts` a server sends when it sums a payment's parts. */
export const PX402_PARTS_SUMMED = 'sum';

/** The only currency px402 quotes carry. */
export const PX402_CURRENCY = 'USDC';

/** The only network value px402 quotes carry. */
export const PX402_NETWORK = 'solana-per';
