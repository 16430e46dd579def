import { decodePaymentRequiredHeader, decodePaymentResponseHeader, type PaymentRequired, type SettleResponse, X402_V2_HEADERS } from '@quietpay/x402';

/**
 * Reads the x402 v2 PaymentRequired of a 402 answer from its PAYMENT-REQUIRED header; undefined
 * when the answer is not a v2 402 (v1 servers put it in the body, which the session scheme never uses).
 *
 * @example
 * const required = readPaymentRequired(await fetch(url));
 * required?.accepts.find((a) => a.scheme === 'session');
 */
export function readPaymentRequired(response: Response): PaymentRequired | undefined {
  if (response.status !== 402) return undefined;
  const header = response.headers.get(X402_V2_HEADERS.paymentRequired);
  if (header === null) return undefined;
  return decodePaymentRequiredHeader(header);
}

/**
 * The settlement receipt a paid answer carries in PAYMENT-RESPONSE (the on-chain signature in
 * `transaction`), or undefined when absent or malformed.
 *
 * @example
 * const res = await session.fetch(url);
 * console.log(readPaymentReceipt(res)?.transaction);
 */
export function readPaymentReceipt(response: Response): SettleResponse | undefined {
  const header = response.headers.get(X402_V2_HEADERS.paymentResponse);
  if (header === null) return undefined;
  try {
    return decodePaymentResponseHeader(header);
  } catch {
    return undefined;
  }
}
