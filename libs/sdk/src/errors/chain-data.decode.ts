import { QuietpayError } from '@quietpay/x402';
import { QuietpaySdkError, type SdkErrorCode } from './sdk.error';

/**
 * Runs a libs/solana decoder on bytes the SDK did not produce (an account the RPC returned, a
 * transaction a wallet handed back). Those decoders throw bare RangeError/TypeError/AccountLayoutError
 * on bytes that break their layout: here that becomes a typed, non-retryable `code` naming `phase`,
 * the decoder's error as `cause` (asking again returns the same bytes). QuietpayErrors pass through.
 */
export function decodeUntrusted<T>(code: SdkErrorCode, phase: string, what: string, decode: () => T): T {
  try {
    return decode();
  } catch (error) {
    if (error instanceof QuietpayError) throw error;
    const detail = error instanceof Error ? error.message : String(error);
    throw new QuietpaySdkError(code, `${what} does not decode: ${detail}`, {}, false, { cause: error, phase });
  }
}
