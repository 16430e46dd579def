import { QuietpayError } from '@quietpay/x402';
import { QuietpaySdkError } from '../errors/sdk.error';

/**
 * THE rule for a wallet that declines or fails to sign (`signTransaction`, `signMessage`), used by
 * every SDK call that asks a wallet: `wallet_refused`, phase `sign`, **retryable** (nothing was
 * sent; the user may approve when asked again, a locked or disconnected wallet may come back), the
 * wallet's error as `cause`. What a wallet hands back and cannot be decoded (junk bytes, a signature
 * of the wrong length) is a broken wallet, not a refusal: `wallet_refused` too, but not retryable
 * (see decodeUntrusted). A QuietpayError the wallet threw itself (keypairWallet) passes as is.
 *
 * @example
 * const signed = await askWallet('the approve transaction', () => wallet.signTransaction(tx));
 */
export async function askWallet<T>(what: string, sign: () => Promise<T>): Promise<T> {
  try {
    return await sign();
  } catch (error) {
    if (error instanceof QuietpayError) throw error;
    const detail = error instanceof Error ? error.message : String(error);
    throw new QuietpaySdkError('wallet_refused', `the wallet did not sign ${what}: ${detail}`, {}, true, { cause: error, phase: 'sign' });
  }
}
