import { createHmac, timingSafeEqual } from 'node:crypto';
import { InvalidOptionError } from '@quietpay/x402';
import { fromBase64Url, toBase64Url } from '../px402/token/base64url.util';
import type { PaymentTokenSecrets } from '../px402/token/payment-token.types';

const PREFIX = 'pv1.';
const MAC_BYTES = 32;
const MIN_SECRET_BYTES = 32;
// An honest token is ~60 characters; the bound caps the work a forged header can cost us.
const MAX_TOKEN_LENGTH = 256;
const EXPIRY = /^[1-9]\d{0,11}$/;

/**
 * What a private-scheme payment token binds: the payment id the resource server issued in one 402,
 * to the requirements that 402 offered, until `expiry` (Unix seconds).
 */
export interface PrivatePaymentBinding {
  readonly paymentId: string;
  readonly amount: string;
  readonly asset: string;
  readonly payTo: string;
  readonly network: string;
  readonly expiry: number;
}

function secretBytes(secret: string | Uint8Array, field = 'tokenSecrets.current'): Buffer {
  const bytes = typeof secret === 'string' ? Buffer.from(secret, 'utf8') : Buffer.from(secret);
  if (bytes.length < MIN_SECRET_BYTES) throw new InvalidOptionError('PrivateSchemeServer', field, `must hold at least ${MIN_SECRET_BYTES} bytes`);
  return bytes;
}

// '|' cannot occur in any field (decimal strings, base58 addresses, CAIP-2 ids), so the message is unambiguous.
function mac(secret: Buffer, b: PrivatePaymentBinding): Buffer {
  const message = ['quietpay-private-v1', b.paymentId, b.amount, b.asset, b.payTo, b.network, String(b.expiry)].join('|');
  return createHmac('sha256', secret).update(message).digest();
}

/**
 * Signs a binding into `pv1.<expiry>.<b64url(HMAC-SHA256(current, fields))>`. Only the expiry travels
 * in clear: the verifier recomputes the MAC from the payment id the agent presents and from its own
 * (rebuilt) requirements, so the token cannot be moved to another id, price, mint or recipient.
 *
 * @example
 * const token = signPrivatePaymentToken({ paymentId, amount: '10000', asset: MINT, payTo: WALLET, network, expiry }, { current: SECRET });
 */
export function signPrivatePaymentToken(binding: PrivatePaymentBinding, secrets: PaymentTokenSecrets): string {
  return `${PREFIX}${binding.expiry}.${toBase64Url(mac(secretBytes(secrets.current), binding))}`;
}

export type PrivateTokenCheck = { readonly ok: true } | { readonly ok: false; readonly reason: 'invalid_payment_token' | 'payment_token_expired' };

/**
 * Checks `token` against the binding it must prove (its `expiry` is taken from the token), with the
 * current and the previous secret, in constant time per secret. Never throws on attacker input.
 *
 * @example
 * const check = verifyPrivatePaymentToken(payload.paymentToken, { paymentId, amount, asset, payTo, network }, secrets, Date.now());
 */
export function verifyPrivatePaymentToken(
  token: unknown,
  binding: Omit<PrivatePaymentBinding, 'expiry'>,
  secrets: PaymentTokenSecrets,
  nowMs: number,
): PrivateTokenCheck {
  const invalid: PrivateTokenCheck = { ok: false, reason: 'invalid_payment_token' };
  if (typeof token !== 'string' || token.length > MAX_TOKEN_LENGTH || !token.startsWith(PREFIX)) return invalid;
  const [expiryText, macText, ...rest] = token.slice(PREFIX.length).split('.');
  if (expiryText === undefined || macText === undefined || rest.length > 0 || !EXPIRY.test(expiryText)) return invalid;
  const expiry = Number(expiryText);
  const given = fromBase64Url(macText);
  if (given === undefined || given.length !== MAC_BYTES) return invalid;
  const candidates = secrets.previous === undefined ? [secrets.current] : [secrets.current, secrets.previous];
  // Every candidate is checked, so timing does not reveal which key signed.
  let authentic = false;
  for (const secret of candidates) if (timingSafeEqual(mac(secretBytes(secret), { ...binding, expiry }), given)) authentic = true;
  if (!authentic) return invalid;
  // Checked after the MAC so an expiry answer is only ever given for a token we issued.
  return expiry * 1000 > nowMs ? { ok: true } : { ok: false, reason: 'payment_token_expired' };
}
