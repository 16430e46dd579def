import { randomBytes } from '@noble/hashes/utils';
import {
  type Caip2Network,
  ed25519PublicKey,
  normalizeNetworkAlias,
  type PaymentPayload,
  type PaymentRequired,
  type PaymentRequirements,
  signSessionPayment,
} from '@quietpay/x402';
import bs58 from 'bs58';
import { QuietpaySdkError } from '../errors/sdk.error';

/** The session facts that decide whether a 402 can be paid from it. */
export interface PayableSession {
  readonly sessionId: string;
  readonly recipient: string;
  readonly asset: string;
  readonly network: string;
  readonly perCallLimit?: bigint;
}

/**
 * Picks the `accepts` entry this session can pay: scheme `session`, same network, asset and
 * recipient (a session is bound to one merchant), amount within the per-call limit.
 * Throws `payment_not_acceptable` with the reason otherwise.
 *
 * @example
 * const requirements = selectSessionRequirements(required, session);
 */
export function selectSessionRequirements(required: PaymentRequired, session: PayableSession): PaymentRequirements {
  const sessionKinds = required.accepts.filter((a) => a.scheme === 'session');
  if (sessionKinds.length === 0) {
    throw new QuietpaySdkError('payment_not_acceptable', 'the resource accepts no session payment', { schemes: required.accepts.map((a) => a.scheme) });
  }
  const network = normalizeNetworkAlias(session.network as Caip2Network);
  const match = sessionKinds.find(
    (a) => normalizeNetworkAlias(a.network as Caip2Network) === network && a.asset === session.asset && a.payTo === session.recipient,
  );
  if (!match) {
    throw new QuietpaySdkError('payment_not_acceptable', 'no session requirement matches this session (network, asset or payTo differ)', {
      offered: sessionKinds.map((a) => ({ network: a.network, asset: a.asset, payTo: a.payTo })),
      session: { network: session.network, asset: session.asset, recipient: session.recipient },
    });
  }
  if (session.perCallLimit !== undefined && BigInt(match.amount) > session.perCallLimit) {
    throw new QuietpaySdkError('payment_not_acceptable', `price ${match.amount} is above the per-call limit ${session.perCallLimit}`, {
      amount: match.amount,
      perCallLimit: session.perCallLimit.toString(),
    });
  }
  return match;
}

/** A fresh per-call nonce: 24 random bytes as base64url (32 characters, 192 bits). */
export function randomNonce(): string {
  return base64Url(randomBytes(24));
}

function base64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/**
 * Builds the PAYMENT-SIGNATURE `PaymentPayload` for one call: the chosen requirements echoed in
 * `accepted`, and `{sessionId, amount, nonce, resource, payTo, sig}` signed by the session key.
 *
 * @example
 * const payload = buildSessionPaymentPayload(required, requirements, session.sessionId, sessionKey.secretKey);
 * headers.set('PAYMENT-SIGNATURE', encodePaymentSignatureHeader(payload));
 */
export function buildSessionPaymentPayload(
  required: PaymentRequired,
  requirements: PaymentRequirements,
  sessionId: string,
  sessionSecretKey: Uint8Array,
  nonce: string = randomNonce(),
): PaymentPayload {
  const payment = signSessionPayment(
    { sessionId, amount: requirements.amount, nonce, resource: required.resource.url, payTo: requirements.payTo },
    sessionSecretKey,
  );
  return { x402Version: 2, resource: required.resource, accepted: requirements, payload: { ...payment } };
}

/** The session public key in base58 from its 64-byte secret key. */
export function sessionPublicKeyOf(sessionSecretKey: Uint8Array): string {
  return bs58.encode(ed25519PublicKey(sessionSecretKey));
}
