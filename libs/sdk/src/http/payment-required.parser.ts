import {
  decodeBase64Json,
  DEFAULT_MAX_HEADER_BYTES,
  HeaderDecodeError,
  issuesText,
  type PaymentRequired,
  PaymentRequiredMini,
  type SettleResponse,
  SettleResponseMini,
  X402_V2_HEADERS,
  x402CodeFor,
} from '@quietpay/x402';

/**
 * Reads the x402 v2 PaymentRequired of a 402 answer from its PAYMENT-REQUIRED header; undefined
 * when the answer is not a v2 402 (v1 servers put it in the body, which the session scheme never
 * uses). A malformed header throws `HeaderDecodeError` (a QuietpayError), as the servers' decoder does.
 *
 * @example
 * const required = readPaymentRequired(await fetch(url));
 * required?.accepts.find((a) => a.scheme === 'session');
 */
export function readPaymentRequired(response: Response): PaymentRequired | undefined {
  if (response.status !== 402) return undefined;
  const header = response.headers.get(X402_V2_HEADERS.paymentRequired);
  if (header === null) return undefined;
  const json = decodeBase64Json('payment-required', header, DEFAULT_MAX_HEADER_BYTES);
  const version = typeof json === 'object' && json !== null ? (json as { x402Version?: unknown }).x402Version : undefined;
  if (version !== undefined && version !== 2) {
    throw new HeaderDecodeError(
      'payment-required',
      'unsupported_version',
      x402CodeFor('payment-required', 'unsupported_version'),
      `x402Version ${String(version)}, expected 2`,
    );
  }
  const parsed = PaymentRequiredMini.safeParse(json);
  if (!parsed.success) {
    throw new HeaderDecodeError('payment-required', 'schema_mismatch', x402CodeFor('payment-required', 'schema_mismatch'), issuesText(parsed.error), {
      cause: parsed.error,
    });
  }
  return parsed.data as PaymentRequired;
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
    const parsed = SettleResponseMini.safeParse(decodeBase64Json('payment-response', header, DEFAULT_MAX_HEADER_BYTES));
    return parsed.success ? (parsed.data as SettleResponse) : undefined;
  } catch {
    return undefined;
  }
}
